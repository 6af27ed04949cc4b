namespace OrderSystem.FaultInjection;

/// <summary>
/// The local system's settings, read like deploy/local/lib.sh's load_env: the environment wins over .env, which wins over
/// .env.example.
/// </summary>
public sealed class Settings
{
    readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    Settings(string repoRoot) => RepoRoot = repoRoot;

    /// <summary>The repository root (the directory holding OrderSystem.sln).</summary>
    public string RepoRoot { get; }

    /// <summary>Loads the settings for the repository at or above <paramref name="start"/>.</summary>
    public static Settings Load(string start)
    {
        var directory = new DirectoryInfo(start);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrderSystem.sln")))
            directory = directory.Parent;
        if (directory is null)
            throw new InvalidOperationException($"No OrderSystem.sln at or above {start}: run from the repository.");

        var settings = new Settings(directory.FullName);
        var file = Path.Combine(directory.FullName, ".env");
        if (!File.Exists(file))
            file = Path.Combine(directory.FullName, ".env.example");
        foreach (var line in File.ReadAllLines(file))
        {
            if (line.Length == 0 || line.StartsWith('#') || !line.Contains('=', StringComparison.Ordinal))
                continue;
            var key = line[..line.IndexOf('=', StringComparison.Ordinal)];
            settings._values[key] = line[(key.Length + 1)..];
        }

        return settings;
    }

    /// <summary>A setting: the environment first, then the file.</summary>
    public string this[string key] =>
        Environment.GetEnvironmentVariable(key) is { } value ? value
        : _values.TryGetValue(key, out var fromFile) ? fromFile
        : "";

    /// <summary>A setting with a default for when it is missing or empty.</summary>
    public string Text(string key, string fallback) => this[key] is { Length: > 0 } value ? value : fallback;

    /// <summary>An integer setting with a default.</summary>
    public int Number(string key, int fallback) => int.TryParse(this[key], out var value) ? value : fallback;

    /// <summary>The HTTP port a service gets from the scripts (ORDER_PORT, ...).</summary>
    public int ServicePort(string service) => Number($"{service.ToUpperInvariant()}_PORT", service switch
    {
        "order" => 5001,
        "inventory" => 5002,
        "payment" => 5003,
        "identity" => 5005,
        _ => 5004,
    });

    /// <summary>The service's broker password (ORDER_BROKER_PASSWORD, ...).</summary>
    public string BrokerPassword(string service) => this[$"{service.ToUpperInvariant()}_BROKER_PASSWORD"];
}
