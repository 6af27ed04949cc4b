using System.ComponentModel.DataAnnotations;

namespace OrderSystem.ServiceDefaults.LoadShedding;

/// <summary>How many requests a service works on at once, bound from <c>LoadShedding</c>.</summary>
public sealed class LoadSheddingOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "LoadShedding";

    /// <summary>
    /// Requests served at once (<c>LoadShedding:MaxConcurrentRequests</c>). Well below the database pool (100
    /// connections), so that the message consumers, the outbox relay and the readiness check always find one.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxConcurrentRequests { get; set; } = 32;

    /// <summary>How long a request may wait for a turn before it is answered 503 (<c>LoadShedding:QueueTimeout</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(1);
}
