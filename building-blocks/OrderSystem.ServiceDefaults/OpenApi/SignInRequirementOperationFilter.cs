using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OrderSystem.ServiceDefaults;

/// <summary>Marks every operation that needs a token (all but those allowing anonymous callers) in the OpenAPI document.</summary>
internal sealed class SignInRequirementOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
            return;

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(OpenApiDefaultsExtensions.SecuritySchemeName, context.Document)] = [.. OrderSystemScopes.All],
        });
    }
}
