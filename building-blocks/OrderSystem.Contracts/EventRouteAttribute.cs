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

/// <summary>The four bounded contexts' topic exchanges.</summary>
public static class Exchanges
{
    /// <summary>Events of the Order context.</summary>
    public const string Order = "order";

    /// <summary>Events of the Inventory context.</summary>
    public const string Inventory = "inventory";

    /// <summary>Events of the Payment context.</summary>
    public const string Payment = "payment";

    /// <summary>Events of the Notification context.</summary>
    public const string Notification = "notification";
}

/// <summary>Every integration event says when the fact happened.</summary>
public interface IIntegrationEvent
{
    /// <summary>When the fact happened (UTC).</summary>
    DateTimeOffset OccurredAt { get; }
}

/// <summary>An integration event about one order.</summary>
public interface IOrderEvent : IIntegrationEvent
{
    /// <summary>The order the event concerns; also the saga's correlation id.</summary>
    Guid OrderId { get; }
}
