namespace OrderSystem.AppHost;

/// <summary>Which services' consoles are copied to <c>&lt;directory&gt;/&lt;service&gt;.log</c> (none without a directory).</summary>
/// <param name="directory">LOG_DIRECTORY, set by deploy/local/up.sh to .local/logs.</param>
public sealed class ServiceLogFiles(string? directory)
{
    readonly List<string> _services = [];

    /// <summary>The directory, or null when no files are written.</summary>
    public string? Directory { get; } = string.IsNullOrWhiteSpace(directory) ? null : directory;

    /// <summary>The services whose console is copied.</summary>
    public IReadOnlyList<string> Services => _services;

    /// <summary>Copies the console of <paramref name="service"/>.</summary>
    public void Add(string service) => _services.Add(service);
}
