namespace OrderSystem.Contracts;

/// <summary>
/// Declares, next to an integration event, the topic exchange it is published to and its routing key.
/// The messaging building block reads this attribute to configure the broker topology; nothing else names exchanges.
/// </summary>
/// <param name="exchange">The bounded context's durable topic exchange, e.g. <c>order</c>.</param>
/// <param name="routingKey">The routing key, <c>&lt;context&gt;.&lt;event&gt;</c> in kebab case, e.g. <c>order.placed</c>.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventRouteAttribute(string exchange, string routingKey) : Attribute
{
    /// <summary>The topic exchange the event is published to.</summary>
    public string Exchange { get; } = exchange;

    /// <summary>The routing key the event is published with.</summary>
    public string RoutingKey { get; } = routingKey;
}
