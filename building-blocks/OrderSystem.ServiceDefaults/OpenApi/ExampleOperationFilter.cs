using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OrderSystem.ServiceDefaults;

/// <summary>Writes the examples declared with <see cref="OpenApiExampleExtensions"/> into the operation.</summary>
internal sealed class ExampleOperationFilter(IOptions<JsonOptions> jsonOptions) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        // Serialized as the service reads JSON, so a request record's example has the names and casing the endpoint expects;
        // unset optional fields are left out rather than shown as null.
        var json = new JsonSerializerOptions(jsonOptions.Value.SerializerOptions) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

        if (metadata.OfType<RequestExampleMetadata>().LastOrDefault() is { } request && operation.RequestBody?.Content is { } content)
        {
            foreach (var mediaType in content.Values.OfType<OpenApiMediaType>())
                mediaType.Example = JsonSerializer.SerializeToNode(request.Example, request.Example.GetType(), json);
        }

        foreach (var example in metadata.OfType<ParameterExampleMetadata>())
        {
            var parameter = operation.Parameters?.OfType<OpenApiParameter>().SingleOrDefault(p => p.Name == example.Name)
                ?? throw new InvalidOperationException(
                    $"{context.ApiDescription.HttpMethod} {context.ApiDescription.RelativePath} has no parameter '{example.Name}' to give an example to.");
            parameter.Example = JsonSerializer.SerializeToNode(example.Value, example.Value.GetType(), json);
        }
    }
}
