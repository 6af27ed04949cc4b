namespace OrderSystem.ServiceDefaults;

/// <summary>The request body example of one endpoint (see <see cref="OpenApiExampleExtensions.WithRequestExample{TBuilder}"/>).</summary>
internal sealed record RequestExampleMetadata(object Example);
