namespace OrderSystem.FaultInjection;

/// <summary>One running instance of a service: its port, its process, how to start it again.</summary>
public sealed class ServiceInstance(string service, int port, string logFile, string? pidFile)
{
    /// <summary>order, inventory, payment or notification.</summary>
    public string Service { get; } = service;

    /// <summary>HTTP port on localhost.</summary>
    public int Port { get; } = port;

    /// <summary>Where its output goes.</summary>
    public string LogFile { get; } = logFile;

    /// <summary>The pid file deploy/local/down.sh reads (attach mode), or null.</summary>
    public string? PidFile { get; } = pidFile;

    /// <summary>The process id, or 0 when not running.</summary>
    public int Pid { get; set; }

    /// <summary>The settings of an adopted process (read from /proc/&lt;pid&gt;/environ), reused when it is restarted.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Base address of its API.</summary>
    public Uri BaseAddress => new($"http://localhost:{Port}/");

    /// <summary>A short name for tables.</summary>
    public string Name => $"{Service}:{Port}";
}
