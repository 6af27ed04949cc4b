using System.Diagnostics;

namespace OrderSystem.FaultInjection;

/// <summary>
/// Starts, kills and restarts service processes with the same settings deploy/local/up.sh gives them. In attach mode the
/// instances started by up.sh are adopted through .local/pids, and a restarted instance writes its pid back there so that
/// deploy/local/down.sh still stops it.
/// </summary>
public sealed class ServiceHost(Settings settings, string virtualHost, Func<string, string> databaseName, string logDirectory, bool rateLimitOff,
    Action<string, Dictionary<string, string>>? adjustEnvironment = null)
{
    /// <summary>The four services on the broker, in the order up.sh starts them.</summary>
    public static readonly string[] Services = ["order", "inventory", "payment", "notification"];

    /// <summary>The Identity service: started first in isolated mode, never a fault target.</summary>
    public const string Identity = "identity";

    /// <summary>Where the services find Identity (and the runner gets its token).</summary>
    public Uri IdentityUrl { get; set; } = new("http://localhost:5005/");

    readonly List<ServiceInstance> _instances = [];
    readonly Lock _lock = new();

    /// <summary>Every instance, primaries first.</summary>
    public IReadOnlyList<ServiceInstance> Instances
    {
        get
        {
            lock (_lock)
                return [.. _instances];
        }
    }

    /// <summary>The instances of one service.</summary>
    public IReadOnlyList<ServiceInstance> Of(string service) => [.. Instances.Where(i => i.Service == service)];

    /// <summary>Adopts instances started by deploy/local/up.sh (pid files in .local/pids).</summary>
    public void Adopt()
    {
        foreach (var service in Services)
        {
            var pidFile = Path.Combine(settings.RepoRoot, ".local", "pids", $"{service}.pid");
            var pid = File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var p) ? p : 0;
            if (pid == 0 || !IsAlive(pid))
                throw new InvalidOperationException($"{service} is not running (no live pid in {pidFile}): start the system with deploy/local/up.sh first.");

            // Restart with exactly the settings up.sh gave the process (database, vhost, credentials, port).
            var environment = ReadEnvironment(pid);
            var port = environment.TryGetValue("ASPNETCORE_URLS", out var urls) && Uri.TryCreate(urls.Split(';')[0], UriKind.Absolute, out var url)
                ? url.Port
                : settings.ServicePort(service);
            lock (_lock)
            {
                _instances.Add(new ServiceInstance(service, port, Path.Combine(settings.RepoRoot, ".local", "logs", $"{service}.log"), pidFile)
                {
                    Pid = pid,
                    Environment = environment,
                });
            }
        }
    }

    /// <summary>Starts a new instance of <paramref name="service"/> on <paramref name="port"/>.</summary>
    public ServiceInstance Add(string service, int port, string? pidFile = null)
    {
        Directory.CreateDirectory(logDirectory);
        var instance = new ServiceInstance(service, port, Path.Combine(logDirectory, $"{service}-{port}.log"), pidFile);
        lock (_lock)
            _instances.Add(instance);
        Start(instance);
        return instance;
    }

    static Dictionary<string, string> ReadEnvironment(int pid)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = entry.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0)
                environment[entry[..separator]] = entry[(separator + 1)..];
        }

        if (!environment.ContainsKey("ConnectionStrings__Database"))
            throw new InvalidOperationException($"Process {pid} has no ConnectionStrings__Database: is it a service started by deploy/local/up.sh?");
        return environment;
    }

    static string ProjectName(string service) => $"OrderSystem.{char.ToUpperInvariant(service[0])}{service[1..]}";

    /// <summary>The Release build of a service (up.sh runs the same file).</summary>
    public string Dll(string service)
    {
        var project = ProjectName(service);
        return Path.Combine(settings.RepoRoot, "services", project["OrderSystem.".Length..], project, "bin", "Release", "net10.0", $"{project}.dll");
    }

    /// <summary>Starts (or restarts) the process of <paramref name="instance"/>, detached so that it outlives the runner if adopted.</summary>
    public void Start(ServiceInstance instance)
    {
        var service = instance.Service;
        var dll = Dll(service);
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} is missing: build first (dotnet build -c Release OrderSystem.sln).");

        var env = instance.Environment is { } adopted ? new Dictionary<string, string>(adopted) : new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://localhost:{instance.Port}",
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Database"] = $"Host={settings["POSTGRES_HOST"]};Port={settings["POSTGRES_PORT"]};Database={databaseName(service)};Username={settings["POSTGRES_USER"]};Password={settings["POSTGRES_PASSWORD"]};SSL Mode={settings.Text("POSTGRES_SSL_MODE", "Prefer")}",
            ["RabbitMq__Host"] = settings["RABBITMQ_HOST"],
            ["RabbitMq__Port"] = settings["RABBITMQ_PORT"],
            ["RabbitMq__VirtualHost"] = virtualHost,
            ["RabbitMq__Username"] = service,
            ["RabbitMq__Password"] = settings.BrokerPassword(service),
            ["Identity__Authority"] = IdentityUrl.ToString(),
            // Identity's own settings (the other services ignore them): the runner's machine client.
            ["Identity__Clients__faultinjection__Secret"] = settings["IDENTITY_FAULT_INJECTION_SECRET"],
            // Payment's card-vault key (the others ignore it).
            ["PaymentMethods__FingerprintKey"] = settings["CARD_FINGERPRINT_KEY"],
            ["RateLimiting__Orders__PermitsPerSecond"] = rateLimitOff ? "100000" : settings["ORDER_RATE_LIMIT_PER_SECOND"] is { Length: > 0 } r ? r : "20",
            ["RateLimiting__Orders__Burst"] = rateLimitOff ? "100000" : settings["ORDER_RATE_LIMIT_BURST"] is { Length: > 0 } b ? b : "40",
            ["Smtp__Host"] = settings["SMTP_HOST"],
            ["Smtp__Port"] = settings["SMTP_PORT"] is { Length: > 0 } smtpPort ? smtpPort : "1025",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = settings["OTEL_EXPORTER_OTLP_ENDPOINT"],
        };

        if (instance.Environment is null)
            adjustEnvironment?.Invoke(service, env);

        // setsid + nohup: the service is not in the runner's process group, like up.sh's background jobs.
        var info = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(dll))))!,
        };
        foreach (var argument in new[] { "bash", "-c", "exec nohup dotnet \"$0\" >>\"$1\" 2>&1 </dev/null", dll, instance.LogFile })
            info.ArgumentList.Add(argument);
        foreach (var (key, value) in env)
            info.Environment[key] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {service}.");
        instance.Pid = process.Id;
        if (instance.PidFile is not null)
            File.WriteAllText(instance.PidFile, $"{process.Id}\n");
    }

    /// <summary>kill -9.</summary>
    public static void Kill(ServiceInstance instance)
    {
        if (instance.Pid == 0)
            return;
        try
        {
            using var process = Process.GetProcessById(instance.Pid);
            process.Kill();
            process.WaitForExit(10_000);
        }
        catch (ArgumentException)
        {
            // already gone
        }

        instance.Pid = 0;
    }

    /// <summary>SIGTERM and wait (the service shuts down gracefully), then SIGKILL after 20 s.</summary>
    public static async Task Stop(ServiceInstance instance)
    {
        if (instance.Pid == 0)
            return;
        await Shell.Run("kill", ["-TERM", instance.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        for (var i = 0; i < 40 && IsAlive(instance.Pid); i++)
            await Task.Delay(500);
        Kill(instance);
    }

    /// <summary>Stops an instance and forgets it.</summary>
    public async Task Remove(ServiceInstance instance)
    {
        await Stop(instance);
        lock (_lock)
            _instances.Remove(instance);
    }

    /// <summary>Stops every instance (isolated mode, at the end).</summary>
    public async Task StopAll()
    {
        foreach (var instance in Instances)
            await Stop(instance);
    }

    static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Waits until every instance answers 200 on /health/ready.</summary>
    public async Task WaitReady(HttpClient http, TimeSpan timeout, IEnumerable<ServiceInstance>? which = null)
    {
        foreach (var instance in which ?? Instances)
        {
            await Wait.Until(async () =>
            {
                using var response = await http.GetAsync(new Uri(instance.BaseAddress, "health/ready"));
                return response.IsSuccessStatusCode;
            }, $"{instance.Name} answers 200 on /health/ready (log: {instance.LogFile})", timeout, TimeSpan.FromMilliseconds(500));
        }
    }
}
