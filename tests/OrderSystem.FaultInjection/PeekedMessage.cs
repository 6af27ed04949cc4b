namespace OrderSystem.FaultInjection;

/// <summary>A message read from a queue through the management API.</summary>
public sealed record PeekedMessage(string Queue, string? MessageId, IReadOnlyDictionary<string, string> Headers, string Payload);
