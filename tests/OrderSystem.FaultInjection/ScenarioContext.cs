using OrderSystem.FaultInjection.Faults;
using OrderSystem.FaultInjection.Network;

namespace OrderSystem.FaultInjection;

/// <summary>What a scenario may use while it injects its faults.</summary>
public sealed class ScenarioContext(Settings settings, Infrastructure infrastructure, ServiceHost host, HttpClient http, Action<string> log,
    int replicaPortOffset, ServiceProxies? proxies, Random random)
{
    /// <summary>The settings.</summary>
    public Settings Settings { get; } = settings;

    /// <summary>Broker and database controls.</summary>
    public Infrastructure Infrastructure { get; } = infrastructure;

    /// <summary>The service processes.</summary>
    public ServiceHost Host { get; } = host;

    /// <summary>HTTP client (readiness checks).</summary>
    public HttpClient Http { get; } = http;

    /// <summary>Writes a timestamped progress line.</summary>
    public Action<string> Log { get; } = log;

    /// <summary>Second replicas listen on primary port + this.</summary>
    public int ReplicaPortOffset { get; } = replicaPortOffset;

    /// <summary>The runner's proxies in front of RabbitMQ and PostgreSQL (null in attach mode: no network faults).</summary>
    public ServiceProxies? Proxies { get; } = proxies;

    /// <summary>The scenario's seeded randomness (which service a fault hits).</summary>
    public Random Random { get; } = random;

    /// <summary>Malformed messages this scenario published.</summary>
    public List<MalformedMessage> Injected { get; } = [];

    /// <summary>Every fault injected, in order.</summary>
    public List<FaultRecord> Faults { get; } = [];

    /// <summary>Runs after the system settled and the invariants were checked (e.g. stop replicas, stop duplicating).</summary>
    public List<Func<Task>> Cleanup { get; } = [];

    /// <summary>Faults that could not be injected or whose target did not come back (each fails the scenario).</summary>
    public List<string> FailedFaults { get; } = [];
}
