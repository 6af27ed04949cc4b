namespace OrderSystem.FaultInjection.Soak;

/// <summary>One 10-second sample of the soak. Null values: not readable at that moment (a server down, a process restarting).</summary>
public sealed class SoakSample
{
    /// <summary>Seconds since the soak started.</summary>
    public double Seconds { get; init; }

    /// <summary>Orders accepted (202) per second over the last interval.</summary>
    public double OrdersPerSecond { get; init; }

    /// <summary>p99 of POST→final state (ms) of orders that finish at once, accepted 30-40 s before the sample.</summary>
    public double? P99LatencyMs { get; set; }

    /// <summary>Orders the p99 was computed from.</summary>
    public int LatencySamples { get; set; }

    /// <summary>Service → VmRSS of its primary instance (MiB).</summary>
    public Dictionary<string, double?> WorkingSetMiB { get; } = [];

    /// <summary>Service → outbox/inbox row counts.</summary>
    public Dictionary<string, ServiceTableCounts?> Tables { get; } = [];

    /// <summary>Messages in the vhost's queues other than dead-letter queues.</summary>
    public long? QueuedMessages { get; set; }

    /// <summary>Messages in the dead-letter queues.</summary>
    public long? DeadLetters { get; set; }
}
