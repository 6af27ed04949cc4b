namespace OrderSystem.Benchmarks;

/// <summary>Counters of one vhost from the management API (<c>GET /api/vhosts/{vhost}</c>).</summary>
sealed record VhostCounters(long Published, long Confirmed, long Delivered, long QueuedMessages);
