namespace OrderSystem.ServiceDefaults;

/// <summary>The example of one parameter of one endpoint (see <see cref="OpenApiExampleExtensions.WithParameterExample{TBuilder}"/>).</summary>
internal sealed record ParameterExampleMetadata(string Name, object Value);
