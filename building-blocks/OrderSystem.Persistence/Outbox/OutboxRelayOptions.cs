using System.ComponentModel.DataAnnotations;

namespace OrderSystem.Persistence.Outbox;

/// <summary>Outbox relay and cleanup settings, bound from <c>Outbox</c>.</summary>
public sealed class OutboxRelayOptions
{
    public const string SectionName = "Outbox";

    /// <summary>
    /// Outbox transactions claimed per relay pass. The engine's dialect caps it further (SQL Server: 250), so one pass's
    /// delete never holds enough row locks to escalate to a table lock.
    /// </summary>
    [Range(1, 1_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Fallback poll when no commit signal arrives (e.g. messages written by another replica).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long one publish may wait for the broker's confirm. A confirm lost with its connection can otherwise be awaited
    /// for ever (rabbitmq-dotnet-client#1930); on timeout the transaction stays in the outbox and is published again, so a
    /// message whose confirm was lost reaches the broker twice and the consumers' inbox drops the copy.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between attempts while the broker or database is unavailable.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long inbox rows are kept: redeliveries within this window are recognised as duplicates.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often old inbox rows are deleted.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);
}
