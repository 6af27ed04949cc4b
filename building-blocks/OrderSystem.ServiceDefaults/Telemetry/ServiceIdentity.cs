namespace OrderSystem.ServiceDefaults;

/// <summary>Who this process is, as reported in telemetry.</summary>
/// <param name="ServiceName">service.name</param>
/// <param name="ServiceVersion">service.version</param>
/// <param name="InstanceId">service.instance.id</param>
/// <param name="OtlpEndpoint">Where OTLP export goes, or null for none.</param>
internal sealed record ServiceIdentity(string ServiceName, string ServiceVersion, string InstanceId, string? OtlpEndpoint);
