namespace OrderSystem.Messaging.DeadLetters;

/// <summary>The service's name as given to <c>AddMessaging</c> (prefix of its queues and broker connection names).</summary>
/// <param name="Name">Lower-case service name, e.g. <c>inventory</c>.</param>
public sealed record MessagingServiceName(string Name);
