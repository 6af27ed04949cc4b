using OrderSystem.FaultInjection.Faults;

namespace OrderSystem.FaultInjection;

/// <summary>
/// One fault scenario: faults injected again and again, every <see cref="Period"/> (start to start), while the load runs,
/// until at least the minimum number of orders has been placed (or, for the soak, until the duration is over).
/// </summary>
/// <param name="Name">Command-line name.</param>
/// <param name="Title">What it does.</param>
/// <param name="Kinds">The faults, injected in turn (<see cref="Random"/> false) or drawn by a seeded schedule (true).</param>
/// <param name="Period">Default time from one injection's start to the next; <c>--period NAME=SECONDS</c> changes it.</param>
/// <param name="Random">Chaos: kinds, targets and pauses come from <see cref="FaultSchedule"/> with the run's seed.</param>
/// <param name="WholeRun">Faults that last the whole scenario (started before the load, stopped after the checks).</param>
public sealed record Scenario(string Name, string Title, IReadOnlyList<FaultKind> Kinds, TimeSpan Period, bool Random = false,
    IReadOnlyList<FaultKind>? WholeRun = null)
{
    /// <summary>At least this many injection cycles (the CI subset wants both of its faults).</summary>
    public int MinimumCycles { get; init; } = 1;

    /// <summary>The load runs at least this long (whole-run faults get time to matter at low volume).</summary>
    public TimeSpan MinimumDuration { get; init; } = TimeSpan.Zero;

    /// <summary>A fixed target for targeted faults (the CI subset kills Order); null: seeded random.</summary>
    public string? Target { get; init; }

    /// <summary>True when any of its faults stops or disturbs a server others may share.</summary>
    public bool StopsSharedServer => Kinds.Any(FaultKinds.StopsSharedServer);

    /// <summary>Every scenario of the full run, in order (chaos last; the soak is run on its own).</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("broker", "RabbitMQ stop_app/start_app every 60 s, close_all_connections (vhost) half-way between",
            [FaultKind.Broker, FaultKind.Connections], TimeSpan.FromSeconds(30)),
        new("kill", "kill -9 of a random service every 30 s, restarted after 3 s", [FaultKind.Kill], TimeSpan.FromSeconds(30)),
        new("postgres", "PostgreSQL stopped for 10 s every 120 s", [FaultKind.Postgres], TimeSpan.FromSeconds(120)),
        new("duplicates", "every integration event delivered twice, for the whole run", [], TimeSpan.Zero, WholeRun: [FaultKind.Duplicates])
            { MinimumDuration = TimeSpan.FromSeconds(30) },
        new("replicas", "two replicas of every service, for the whole run", [], TimeSpan.Zero, WholeRun: [FaultKind.Replicas])
            { MinimumDuration = TimeSpan.FromSeconds(30) },
        new("malformed", "a burst of 9 malformed/unknown messages on the topic exchanges every 60 s", [FaultKind.Malformed], TimeSpan.FromSeconds(60)),
        new("network", "the runner's proxies: connection cuts to RabbitMQ and PostgreSQL, latency, a cut mid publish-with-confirm and mid COMMIT",
            FaultKinds.Network, TimeSpan.FromSeconds(15)),
        new("chaos", "a seeded random mix of the faults of --faults (default: all), one after another", FaultKinds.All, TimeSpan.FromSeconds(20), Random: true),
    ];

    /// <summary>The CI subset: one broker restart and one kill -9 of Order under a small load.</summary>
    public static Scenario Ci { get; } = new("ci", "CI subset: one RabbitMQ restart and one kill -9 (order) under a small load",
        [FaultKind.Broker, FaultKind.Kill], TimeSpan.FromSeconds(8)) { MinimumCycles = 2, Target = "order" };

    /// <summary>The soak: steady load for --duration with a seeded random fault every few minutes.</summary>
    public static Scenario Soak { get; } = new("soak", "steady load for --duration, a seeded random fault of --faults every ~3 minutes; trends sampled every 10 s",
        FaultKinds.All, TimeSpan.FromMinutes(3), Random: true);
}
