using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace OrderSystem.ServiceDefaults;

/// <summary>Swagger (OpenAPI document + UI) for every service.</summary>
internal static class OpenApiDefaultsExtensions
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddOpenApiDefaults(this IServiceCollection services, string serviceName)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = $"OrderSystem {serviceName} API",
                Version = DocumentName,
            });
            options.AddSecurityDefinition(AdminApiKeyExtensions.SecuritySchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = AdminApiKeyExtensions.HeaderName,
                Description = "Admin key (configuration Admin:ApiKey); required by the /admin endpoints only.",
            });
            options.OperationFilter<AdminApiKeyOperationFilter>();
            options.OperationFilter<ExampleOperationFilter>();
            // Slices nest their records (PlaceOrder.Response, ListOrders.Response): the short name alone collides.
            options.CustomSchemaIds(OpenApiSchemaIds.For);
        });
        return services;
    }

    /// <remarks>
    /// Served in every environment on purpose: OrderSystem is a demo system and the UI is how people explore it.
    /// A real deployment would hide it behind the gateway or enable it only in Development.
    /// </remarks>
    public static WebApplication UseOpenApiDefaults(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint($"{DocumentName}/swagger.json", DocumentName);
        });
        return app;
    }
}
