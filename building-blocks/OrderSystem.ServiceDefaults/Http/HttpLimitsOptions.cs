using System.ComponentModel.DataAnnotations;

namespace OrderSystem.ServiceDefaults;

/// <summary>HTTP server limits, bound from the <c>Http</c> section.</summary>
public sealed class HttpLimitsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Http";

    /// <summary>The default request body limit: 64 KiB is plenty for JSON commands and keeps abuse cheap.</summary>
    public const long DefaultMaxRequestBodyBytes = 64 * 1024;

    /// <summary>Largest accepted request body in bytes (<c>Http:MaxRequestBodyBytes</c>); larger bodies get 413 ProblemDetails.</summary>
    [Range(1, 100L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;
}
