using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OrderSystem.Benchmarks;

/// <summary>Counters of one vhost from the management API (<c>GET /api/vhosts/{vhost}</c>).</summary>
sealed record VhostCounters(long Published, long Confirmed, long Delivered, long QueuedMessages);
