namespace OrderSystem.FaultInjection;

/// <summary>One deliberately bad message published onto a topic exchange.</summary>
public sealed record MalformedMessage(string MessageId, string Exchange, string RoutingKey, string What);
