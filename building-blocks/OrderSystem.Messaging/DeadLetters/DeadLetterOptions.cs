using System.ComponentModel.DataAnnotations;

namespace OrderSystem.Messaging.DeadLetters;

/// <summary>Dead-letter tooling settings, bound from <c>Messaging:DeadLetters</c>.</summary>
public sealed class DeadLetterOptions
{
    public const string SectionName = "Messaging:DeadLetters";

    /// <summary>How often the depth gauge is refreshed from the broker.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The most messages one admin operation reads from a dead-letter queue (AMQP cannot index into a queue).</summary>
    [Range(1, 1_000_000)]
    public int MaxScan { get; set; } = 10_000;

    /// <summary>The largest page the list endpoint returns.</summary>
    [Range(1, 1_000)]
    public int MaxPageSize { get; set; } = 100;
}
