using Microsoft.AspNetCore.Builder;

namespace OrderSystem.ServiceDefaults;

/// <summary>
/// Example values for the OpenAPI document, declared next to the endpoint they belong to. Swagger UI's "Try it out"
/// starts from them, so they must work as they are: the example of <c>POST /orders</c> places an order that is confirmed.
/// </summary>
public static class OpenApiExampleExtensions
{
    /// <summary>Documents <paramref name="example"/> (serialized with the service's JSON rules) as the request body's example.</summary>
    /// <typeparam name="TBuilder">An endpoint convention builder.</typeparam>
    /// <param name="builder">The endpoint.</param>
    /// <param name="example">A request the endpoint accepts, typically an instance of its request record.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, object example)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(example);
        return builder.WithMetadata(new RequestExampleMetadata(example));
    }

    /// <summary>Documents <paramref name="value"/> as the example of the path, query or header parameter <paramref name="name"/>.</summary>
    /// <typeparam name="TBuilder">An endpoint convention builder.</typeparam>
    /// <param name="builder">The endpoint.</param>
    /// <param name="name">The parameter's name as it appears in the route, query string or header.</param>
    /// <param name="value">A value the endpoint accepts.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static TBuilder WithParameterExample<TBuilder>(this TBuilder builder, string name, object value)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        return builder.WithMetadata(new ParameterExampleMetadata(name, value));
    }
}
