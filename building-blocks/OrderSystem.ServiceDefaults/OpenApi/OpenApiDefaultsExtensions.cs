using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

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
            // Slices nest their records (PlaceOrder.Response, ListOrders.Response): the short name alone collides.
            options.CustomSchemaIds(SchemaId);
        });
        return services;
    }

    /// <summary>A schema id unique per type: declaring types and generic arguments included, namespace left out.</summary>
    internal static string SchemaId(Type type)
    {
        var name = type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;
        if (type.IsGenericType)
            name += "Of" + string.Concat(type.GetGenericArguments().Select(SchemaId));
        return type.DeclaringType is { } outer ? SchemaId(outer) + name : name;
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

/// <summary>Adds the admin key requirement to the operations that <see cref="AdminApiKeyExtensions.RequireAdminApiKey{TBuilder}"/> protects.</summary>
internal sealed class AdminApiKeyOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<AdminApiKeyMetadata>().Any())
        {
            return;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(AdminApiKeyExtensions.SecuritySchemeName, context.Document)] = [],
        });
    }
}
