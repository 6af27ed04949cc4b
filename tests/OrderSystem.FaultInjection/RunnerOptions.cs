using System.Globalization;
using OrderSystem.FaultInjection.Faults;

namespace OrderSystem.FaultInjection;

/// <summary>Command-line options.</summary>
public sealed class RunnerOptions
{
    /// <summary>Help text.</summary>
    public const string Usage = """
        usage: dotnet run -c Release --project tests/OrderSystem.FaultInjection -- [options]
          --scenario NAME[,NAME]  all (default: broker,kill,postgres,duplicates,replicas,malformed,network,chaos) | ci | soak
                                  | broker | kill | postgres | duplicates | replicas | malformed | network | chaos
          --attach                use the system deploy/local/up.sh started (its ports, RABBITMQ_VHOST, databases, .local/pids)
                                  instead of an isolated copy (vhost ordersystem-faults, databases ordersystem_faults_*);
                                  no proxies, so no network faults
          --rate N                orders per second (default 4; ci 3)
          --min-orders N          each scenario runs until at least N orders were placed (default 40; ci 20); its
                                  faults repeat on their period until then
          --duration D            soak length: 60m, 90s, 1h or seconds (default 60m)
          --period NAME=S[,...]   seconds between fault starts per scenario (broker 30: stop_app and close_all_connections
                                  alternate; kill 30; postgres 120; malformed 60; network 15; ci 8), for chaos and soak
                                  the mean pause between faults (chaos 20, soak 180)
          --faults KIND[,KIND]    the faults chaos and soak draw from (default all): broker, connections, postgres, kill,
                                  duplicates, replicas, malformed, cut-broker, cut-database, latency, cut-mid-publish,
                                  cut-mid-commit; "network" = the five proxy faults. Without broker, connections and
                                  postgres a run touches only its own processes, vhost, databases and proxies.
          --seed N                seed of the fault schedules (printed at the start; scenario k uses N+k)
          --settle-timeout S      seconds to wait for the invariants after the load (default 180)
          --vhost NAME            vhost of the isolated system (default ordersystem-faults); its databases are
                                  NAME_<service> with '-' as '_' (default ordersystem_faults_<service>)
          --port-base N           isolated system ports N+1..N+4 (default 6000); second replicas at +100
          --direct                isolated system without the runner's proxies (no network faults)
          --build                 build the solution (Release) first; done anyway when a service is not built
          --keep                  leave the isolated system running at the end
        Exit code: 0 all invariants hold, 1 a violation (listed with the order ids), 2 usage, 3 the system could not be run.
        Report: .local/faults/<run>/report.md and report.json.
        """;

    /// <summary>The scenarios to run, in order.</summary>
    public List<Scenario> Scenarios { get; } = [];

    /// <summary>Use up.sh's system.</summary>
    public bool Attach { get; private set; }

    /// <summary>Orders per second.</summary>
    public double Rate { get; private set; } = 4;

    /// <summary>Minimum orders per scenario.</summary>
    public int MinimumOrders { get; private set; } = 40;

    /// <summary>Soak length.</summary>
    public TimeSpan Duration { get; private set; } = TimeSpan.FromMinutes(60);

    /// <summary>Scenario name → period (or mean pause) overriding the scenario's default.</summary>
    public Dictionary<string, TimeSpan> Periods { get; } = [];

    /// <summary>The faults chaos and soak draw from.</summary>
    public HashSet<FaultKind> Faults { get; private set; } = [.. FaultKinds.All];

    /// <summary>Seed of the fault schedules.</summary>
    public int Seed { get; private set; } = Random.Shared.Next(1, 1_000_000);

    /// <summary>How long to wait for the invariants.</summary>
    public TimeSpan SettleTimeout { get; private set; } = TimeSpan.FromSeconds(180);

    /// <summary>Vhost of the isolated system.</summary>
    public string VirtualHost { get; private set; } = "ordersystem-faults";

    /// <summary>Isolated system ports are PortBase+1..+4, Identity PortBase+5.</summary>
    public int PortBase { get; private set; } = 6000;

    /// <summary>Replica port = primary port + this.</summary>
    public int ReplicaPortOffset { get; private set; } = 100;

    /// <summary>No proxies in isolated mode.</summary>
    public bool Direct { get; private set; }

    /// <summary>Build first.</summary>
    public bool Build { get; private set; }

    /// <summary>Leave the isolated system running.</summary>
    public bool Keep { get; private set; }

    /// <summary>True when the runner's proxies sit between the services and the servers.</summary>
    public bool Proxied => !Attach && !Direct;

    /// <summary>The period (or mean pause) of <paramref name="scenario"/>.</summary>
    public TimeSpan PeriodOf(Scenario scenario) => Periods.GetValueOrDefault(scenario.Name, scenario.Period);

    /// <summary>"60m", "90s", "1h" or plain seconds.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var unit = text.Length > 0 ? text[^1] : ' ';
        var number = char.IsDigit(unit) ? text : text[..^1];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
            return null;
        return unit switch
        {
            'h' => TimeSpan.FromHours(value),
            'm' => TimeSpan.FromMinutes(value),
            's' => TimeSpan.FromSeconds(value),
            _ when char.IsDigit(unit) => TimeSpan.FromSeconds(value),
            _ => null,
        };
    }

    /// <summary>Parses; null on a usage error.</summary>
    public static RunnerOptions? Parse(string[] args)
    {
        try
        {
            return TryParse(args);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    static RunnerOptions? TryParse(string[] args)
    {
        var options = new RunnerOptions();
        var names = "all";
        bool? rateSet = null;
        bool? minSet = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : "";
            switch (args[i])
            {
                case "--scenario": names = Next(); break;
                case "--attach": options.Attach = true; break;
                case "--rate": options.Rate = double.Parse(Next(), CultureInfo.InvariantCulture); rateSet = true; break;
                case "--min-orders": options.MinimumOrders = int.Parse(Next(), CultureInfo.InvariantCulture); minSet = true; break;
                case "--duration": options.Duration = ParseDuration(Next()) ?? throw new FormatException(); break;
                case "--faults": options.Faults = FaultKinds.Parse(Next()) ?? throw new FormatException(); break;
                case "--seed": options.Seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--period":
                    foreach (var pair in Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        var parts = pair.Split('=');
                        if (parts.Length != 2 || ParseDuration(parts[1]) is not { } period)
                            return null;
                        options.Periods[parts[0]] = period;
                    }

                    break;
                case "--settle-timeout": options.SettleTimeout = TimeSpan.FromSeconds(int.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--vhost": options.VirtualHost = Next(); break;
                case "--port-base": options.PortBase = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--direct": options.Direct = true; break;
                case "--build": options.Build = true; break;
                case "--keep": options.Keep = true; break;
                default: return null;
            }
        }

        foreach (var name in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (name == "all")
                options.Scenarios.AddRange(Scenario.All.Where(s => options.Proxied || s.Name != "network"));
            else if (name == "ci")
            {
                options.Scenarios.Add(Scenario.Ci);
                options.Rate = rateSet is null ? 3 : options.Rate;
                options.MinimumOrders = minSet is null ? 20 : options.MinimumOrders;
            }
            else if (name == "soak")
                options.Scenarios.Add(Scenario.Soak);
            else if (Scenario.All.FirstOrDefault(s => s.Name == name) is { } scenario)
                options.Scenarios.Add(scenario);
            else
                return null;
        }

        // Without proxies the network faults cannot be injected: refuse the scenario, and leave them out of chaos/soak.
        if (!options.Proxied)
        {
            if (options.Scenarios.Any(s => s.Name == "network"))
                return null;
            options.Faults.ExceptWith(FaultKinds.Network);
        }

        return options.Scenarios.Count > 0 && options.Rate > 0 && options.Faults.Count > 0 ? options : null;
    }
}
