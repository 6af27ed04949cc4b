using System.Globalization;
using RabbitMQ.Client;

namespace OrderSystem.Benchmarks;

/// <summary>
/// Command-line options. Connection defaults come from the same settings as <c>deploy/local/up.sh</c>: environment
/// variables first, then the repository's <c>.env</c>, then <c>.env.example</c>.
/// </summary>
sealed class BenchmarkOptions
{
    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(30);
    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(60); // the least warm-up: tiered JIT still compiles after 20 s of load
    public TimeSpan WarmupMax { get; private set; } = TimeSpan.FromSeconds(300);
    public double WarmJitPercent { get; private set; } = 5;
    public int Clients { get; private set; } = 32;
    public double? Rate { get; private set; }
    public TimeSpan OpenDuration { get; private set; } = TimeSpan.Zero; // zero = same as Duration
    public TimeSpan BaselineDuration { get; private set; } = TimeSpan.FromSeconds(10);
    public int BaselinePublishers { get; private set; } = 16;
    public int BaselineMessageBytes { get; private set; } = 1024;
    public bool RunClosed { get; private set; } = true;
    public bool RunOpen { get; private set; } = true;
    public bool RunBaseline { get; private set; } = true;
    public TimeSpan OrderTimeout { get; private set; } = TimeSpan.FromSeconds(30);
    public TimeSpan StatsSettle { get; private set; } = TimeSpan.FromSeconds(7);
    public string Label { get; private set; } = "";
    public string CardNumber { get; private set; } = "4242424242424242";

    public Uri OrderUrl { get; private set; } = null!;
    public Uri InventoryUrl { get; private set; } = null!;
    public Uri IdentityUrl { get; private set; } = null!;
    public string ClientId { get; private set; } = "benchmark";
    public string ClientSecret { get; private set; } = "";
    public IReadOnlyList<(string Service, Uri Url)> Services { get; private set; } = [];
    public string AmqpHost { get; private set; } = "localhost";
    public int AmqpPort { get; private set; } = 5672;
    public Uri ManagementUrl { get; private set; } = null!;
    public string VirtualHost { get; private set; } = "ordersystem";
    public string User { get; private set; } = "";
    public string Password { get; private set; } = "";
    public string ResultsDirectory { get; private set; } = "";
    public string DatabasePrefix { get; private set; } = "ordersystem_";
    public string PostgresConnectionString { get; private set; } = "";
    public string RepositoryRoot { get; private set; } = "";
    public bool ShowHelp { get; private set; }

    public const string Usage = """
        OrderSystem load benchmark: drives the running system over HTTP (start it with deploy/local/up.sh and a lifted
        rate limit) and writes a JSON and Markdown report to tests/OrderSystem.Benchmarks/results/.

          dotnet run -c Release --project tests/OrderSystem.Benchmarks -- [options]

          --duration <s>            closed-loop (and open-loop) measuring time            (default 30)
          --warmup <s>              closed-loop warm-up, not counted, at least             (default 60)
          --warmup-max <s>          then in 15 s steps until the JIT's time is below        (default 300)
          --warm-jit <percent>      this share of the services' CPU, at most this long     (default 5)
          --clients <n>             concurrent clients of the closed loop                  (default 32)
          --rate <orders/s>         open-loop arrival rate                                 (default: half the closed-loop maximum)
          --open-duration <s>       open-loop measuring time                               (default: --duration)
          --baseline-duration <s>   raw RabbitMQ.Client and raw PostgreSQL baselines, each  (default 10)
          --baseline-publishers <n> concurrent publishers / connections of the baselines   (default 16)
          --baseline-size <bytes>   baseline message size                                  (default 1024)
          --only <closed|open|baseline>[,...]  run only these phases
          --label <text>            free text stored in the report (e.g. "before relay batching")
          --timeout <s>             give up on an order after this long                    (default 30)
          --card <number>           card registered with Payment for the orders            (default 4242424242424242: approved)

        Connection (defaults: environment, then .env, then .env.example, as deploy/local/up.sh):
          --order-url, --inventory-url   (ORDER_PORT, INVENTORY_PORT; PAYMENT_PORT and NOTIFICATION_PORT for /metrics)
          --amqp-host, --amqp-port       (RABBITMQ_HOST, RABBITMQ_PORT)
          --management-url               (http://RABBITMQ_HOST:RABBITMQ_MANAGEMENT_PORT)
          --vhost, --user, --password    (RABBITMQ_VHOST, RABBITMQ_ADMIN_USER, RABBITMQ_ADMIN_PASSWORD)
          --identity-url                 (IDENTITY_PORT) where the run gets its token (client credentials)
          --client-id, --client-secret   (benchmark, IDENTITY_BENCHMARK_SECRET) the machine client; scopes orders, catalogue.write
          --db-prefix <prefix>           databases are <prefix><service>, for CPU attribution (BENCH_DB_PREFIX, ordersystem_)
          --results <dir>                report folder
        """;

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        options.RepositoryRoot = FindRepositoryRoot();
        var settings = LoadSettings(options.RepositoryRoot);
        string Setting(string key, string fallback) =>
            Environment.GetEnvironmentVariable(key) is { Length: > 0 } value ? value : settings.GetValueOrDefault(key, fallback);

        var host = Setting("RABBITMQ_HOST", "localhost");
        options.AmqpHost = host;
        options.AmqpPort = int.Parse(Setting("RABBITMQ_PORT", "5672"), CultureInfo.InvariantCulture);
        options.ManagementUrl = new Uri($"http://{host}:{Setting("RABBITMQ_MANAGEMENT_PORT", "15672")}/");
        options.VirtualHost = Setting("RABBITMQ_VHOST", "ordersystem");
        options.User = Setting("RABBITMQ_ADMIN_USER", "");
        options.Password = Setting("RABBITMQ_ADMIN_PASSWORD", "");
        options.DatabasePrefix = Setting("BENCH_DB_PREFIX", "ordersystem_");
        options.PostgresConnectionString = $"Host={Setting("POSTGRES_HOST", "localhost")};Port={Setting("POSTGRES_PORT", "5432")};"
            + $"Username={Setting("POSTGRES_USER", "")};Password={Setting("POSTGRES_PASSWORD", "")};SSL Mode={Setting("POSTGRES_SSL_MODE", "Prefer")}";
        options.ResultsDirectory = Path.Combine(options.RepositoryRoot, "tests", "OrderSystem.Benchmarks", "results");
        var ports = new Dictionary<string, string>
        {
            ["order"] = Setting("ORDER_PORT", "5001"),
            ["inventory"] = Setting("INVENTORY_PORT", "5002"),
            ["payment"] = Setting("PAYMENT_PORT", "5003"),
            ["notification"] = Setting("NOTIFICATION_PORT", "5004"),
        };
        options.OrderUrl = new Uri($"http://localhost:{ports["order"]}/");
        options.InventoryUrl = new Uri($"http://localhost:{ports["inventory"]}/");
        options.IdentityUrl = new Uri($"http://localhost:{Setting("IDENTITY_PORT", "5005")}/");
        options.ClientSecret = Setting("IDENTITY_BENCHMARK_SECRET", "");

        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            double Number() => double.Parse(Value(), CultureInfo.InvariantCulture);
            switch (name)
            {
                case "-h" or "--help": options.ShowHelp = true; break;
                case "--duration": options.Duration = TimeSpan.FromSeconds(Number()); break;
                case "--warmup": options.Warmup = TimeSpan.FromSeconds(Number()); break;
                case "--warmup-max": options.WarmupMax = TimeSpan.FromSeconds(Number()); break;
                case "--warm-jit": options.WarmJitPercent = Number(); break;
                case "--clients": options.Clients = (int)Number(); break;
                case "--rate": options.Rate = Number(); break;
                case "--open-duration": options.OpenDuration = TimeSpan.FromSeconds(Number()); break;
                case "--baseline-duration": options.BaselineDuration = TimeSpan.FromSeconds(Number()); break;
                case "--baseline-publishers": options.BaselinePublishers = (int)Number(); break;
                case "--baseline-size": options.BaselineMessageBytes = (int)Number(); break;
                case "--timeout": options.OrderTimeout = TimeSpan.FromSeconds(Number()); break;
                case "--label": options.Label = Value(); break;
                case "--card": options.CardNumber = Value(); break;
                case "--only":
                    var phases = Value().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    options.RunClosed = phases.Contains("closed");
                    options.RunOpen = phases.Contains("open");
                    options.RunBaseline = phases.Contains("baseline");
                    break;
                case "--order-url": options.OrderUrl = new Uri(Value()); break;
                case "--inventory-url": options.InventoryUrl = new Uri(Value()); break;
                case "--identity-url": options.IdentityUrl = new Uri(Value()); break;
                case "--client-id": options.ClientId = Value(); break;
                case "--client-secret": options.ClientSecret = Value(); break;
                case "--amqp-host": options.AmqpHost = Value(); break;
                case "--amqp-port": options.AmqpPort = (int)Number(); break;
                case "--management-url": options.ManagementUrl = new Uri(Value()); break;
                case "--vhost": options.VirtualHost = Value(); break;
                case "--user": options.User = Value(); break;
                case "--password": options.Password = Value(); break;
                case "--db-prefix": options.DatabasePrefix = Value(); break;
                case "--results": options.ResultsDirectory = Path.GetFullPath(Value()); break;
                default: throw new ArgumentException($"Unknown option {name} (see --help).");
            }
        }

        if (options.OpenDuration == TimeSpan.Zero)
            options.OpenDuration = options.Duration;
        if (options.Clients < 1 || options.Duration <= TimeSpan.Zero || options.Rate is <= 0)
            throw new ArgumentException("--clients, --duration and --rate must be positive.");
        if (!options.RunClosed && options.RunOpen && options.Rate is null)
            throw new ArgumentException("--only open needs --rate (there is no measured maximum to halve).");

        options.PostgresConnectionString += $";Database={options.DatabasePrefix}order";
        options.Services =
        [
            ("order", options.OrderUrl),
            ("inventory", options.InventoryUrl),
            ("payment", new Uri($"http://localhost:{ports["payment"]}/")),
            ("notification", new Uri($"http://localhost:{ports["notification"]}/")),
        ];
        return options;
    }

    /// <summary>A RabbitMQ connection factory for the run's vhost as the administrator, named <paramref name="clientName"/> in the management UI.</summary>
    public ConnectionFactory ConnectionFactory(string clientName) => new()
    {
        HostName = AmqpHost,
        Port = AmqpPort,
        VirtualHost = VirtualHost,
        UserName = User,
        Password = Password,
        ClientProvidedName = clientName,
    };

    /// <summary>The folder holding OrderSystem.sln, searched upwards from the working directory and the program.</summary>
    static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "OrderSystem.sln")))
                    return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    static Dictionary<string, string> LoadSettings(string root)
    {
        var file = Path.Combine(root, ".env");
        if (!File.Exists(file))
            file = Path.Combine(root, ".env.example");
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(file))
            return settings;
        foreach (var line in File.ReadLines(file))
        {
            if (line.Length == 0 || line[0] == '#' || line.IndexOf('=', StringComparison.Ordinal) is var eq && eq <= 0)
                continue;
            settings[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }

        return settings;
    }
}
