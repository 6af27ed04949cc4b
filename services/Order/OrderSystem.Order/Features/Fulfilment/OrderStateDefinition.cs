using MassTransit;

namespace OrderSystem.Order.Features.Fulfilment;

/// <summary>Endpoint of the fulfilment saga: queue <c>order.fulfilment</c>, bound to every event the saga handles.</summary>
public sealed class OrderStateDefinition : SagaDefinition<OrderState>
{
    /// <summary>Names the queue.</summary>
    public OrderStateDefinition() => EndpointName = "order.fulfilment";
}
