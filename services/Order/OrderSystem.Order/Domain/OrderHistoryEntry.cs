namespace OrderSystem.Order.Domain;

/// <summary>One step of the order's timeline.</summary>
public sealed record OrderHistoryEntry(string Event, DateTimeOffset At, string? Detail);
