using System.Globalization;

namespace OrderSystem.FaultInjection;

/// <summary>Command-line options.</summary>
public sealed class RunnerOptions
{
    /// <summary>Help text.</summary>
    public const string Usage = """
        usage: dotnet run -c Release --project tests/OrderSystem.FaultInjection -- [options]
          --scenario NAME[,NAME]  all (default) | ci | broker | kill | postgres | duplicates | replicas | malformed
          --attach                use the system deploy/local/up.sh started (its ports, RABBITMQ_VHOST, databases, .local/pids)
                                  instead of an isolated copy (vhost ordersystem-faults, databases ordersystem_faults_*)
          --rate N                orders per second while a fault runs (default 4; ci 3)
          --min-orders N          at least this many orders per scenario (default 40; ci 20)
          --settle-timeout S      seconds to wait for the invariants after the load (default 180)
          --vhost NAME            vhost of the isolated system (default ordersystem-faults)
          --port-base N           isolated system ports N+1..N+4 (default 6000); second replicas at +100
          --build                 build the solution (Release) first; done anyway when a service is not built
          --keep                  leave the isolated system running at the end
        Exit code: 0 all invariants hold, 1 a violation (listed with the order ids), 2 usage, 3 the system could not be run.
        """;

    /// <summary>The scenarios to run, in order.</summary>
    public List<Scenario> Scenarios { get; } = [];

    /// <summary>Use up.sh's system.</summary>
    public bool Attach { get; private set; }

    /// <summary>Orders per second.</summary>
    public double Rate { get; private set; } = 4;

    /// <summary>Minimum orders per scenario.</summary>
    public int MinimumOrders { get; private set; } = 40;

    /// <summary>How long to wait for the invariants.</summary>
    public TimeSpan SettleTimeout { get; private set; } = TimeSpan.FromSeconds(180);

    /// <summary>Vhost of the isolated system.</summary>
    public string VirtualHost { get; private set; } = "ordersystem-faults";

    /// <summary>Isolated system ports are PortBase+1..+4, Identity PortBase+5.</summary>
    public int PortBase { get; private set; } = 6000;

    /// <summary>Replica port = primary port + this.</summary>
    public int ReplicaPortOffset { get; private set; } = 100;

    /// <summary>Build first.</summary>
    public bool Build { get; private set; }

    /// <summary>Leave the isolated system running.</summary>
    public bool Keep { get; private set; }

    /// <summary>Parses; null on a usage error.</summary>
    public static RunnerOptions? Parse(string[] args)
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
                case "--settle-timeout": options.SettleTimeout = TimeSpan.FromSeconds(int.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--vhost": options.VirtualHost = Next(); break;
                case "--port-base": options.PortBase = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--build": options.Build = true; break;
                case "--keep": options.Keep = true; break;
                default: return null;
            }
        }

        foreach (var name in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (name == "all")
                options.Scenarios.AddRange(Scenario.All);
            else if (name == "ci")
            {
                options.Scenarios.Add(Scenario.Ci);
                options.Rate = rateSet is null ? 3 : options.Rate;
                options.MinimumOrders = minSet is null ? 20 : options.MinimumOrders;
            }
            else if (Scenario.All.FirstOrDefault(s => s.Name == name) is { } scenario)
                options.Scenarios.Add(scenario);
            else
                return null;
        }

        return options.Scenarios.Count > 0 && options.Rate > 0 ? options : null;
    }
}
