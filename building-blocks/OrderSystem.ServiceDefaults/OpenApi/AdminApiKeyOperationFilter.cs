using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OrderSystem.ServiceDefaults;

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
