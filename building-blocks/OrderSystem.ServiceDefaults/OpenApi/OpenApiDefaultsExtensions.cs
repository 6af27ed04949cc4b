using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Swashbuckle.AspNetCore.SwaggerUI;

namespace OrderSystem.ServiceDefaults;

/// <summary>Swagger (OpenAPI document + UI) for every service, with an Authorize button that signs in through Identity.</summary>
internal static class OpenApiDefaultsExtensions
{
    public const string DocumentName = "v1";

    /// <summary>The OpenAPI security scheme: OAuth 2 authorization code + PKCE against Identity.</summary>
    public const string SecuritySchemeName = "Identity";

    /// <summary>The public client Identity registers for every service's Swagger UI.</summary>
    public const string SwaggerClientId = "swagger-ui";

    public static IServiceCollection AddOpenApiDefaults(this IServiceCollection services, string serviceName, bool validateTokens)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = $"OrderSystem {serviceName} API",
                Version = DocumentName,
            });
            // Slices nest their records (PlaceOrder.Response, ListOrders.Response): the short name alone collides.
            options.CustomSchemaIds(OpenApiSchemaIds.For);
            options.OperationFilter<ExampleOperationFilter>();
        });
        if (!validateTokens)
            return services;

        services.AddOptions<SwaggerGenOptions>().Configure<IOptions<TokenValidationOptions>>((options, identity) =>
        {
            var identityUrl = identity.Value.BrowserBaseUri();
            options.AddSecurityDefinition(SecuritySchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "Sign in through the Identity service (authorization code + PKCE); Try it out then sends the token.",
                Flows = new OpenApiOAuthFlows
                {
                    AuthorizationCode = new OpenApiOAuthFlow
                    {
                        AuthorizationUrl = new Uri(identityUrl, "connect/authorize"),
                        TokenUrl = new Uri(identityUrl, "connect/token"),
                        Scopes = new Dictionary<string, string>
                        {
                            [OrderSystemScopes.Orders] = "Your orders, payments and notifications",
                            [OrderSystemScopes.CatalogueWrite] = "Change the catalogue (admins)",
                            [OrderSystemScopes.Admin] = "Every customer's records and the dead letters (admins)",
                        },
                    },
                },
            });
            options.OperationFilter<SignInRequirementOperationFilter>();
        });
        services.AddOptions<SwaggerUIOptions>().Configure(options =>
        {
            options.OAuthClientId(SwaggerClientId);
            options.OAuthUsePkce();
            options.OAuthScopes([.. OrderSystemScopes.All]);
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
