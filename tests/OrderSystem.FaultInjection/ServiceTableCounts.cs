namespace OrderSystem.FaultInjection;

/// <summary>Row counts of one service's outbox and inbox tables.</summary>
public sealed record ServiceTableCounts(long OutboxMessages, long OutboxTransactions, long InboxMessages);
