namespace OrderSystem.Contracts;

/// <summary>An integration event about one order.</summary>
public interface IOrderEvent : IIntegrationEvent
{
    /// <summary>The order the event concerns; also the saga's correlation id.</summary>
    Guid OrderId { get; }
}
