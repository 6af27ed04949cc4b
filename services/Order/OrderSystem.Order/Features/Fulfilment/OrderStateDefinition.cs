using MassTransit;

namespace OrderSystem.Order.Features.Fulfilment;

/// <summary>Endpoint of the fulfilment saga: queue <c>order.fulfilment</c>, bound to every event the saga handles.</summary>
public sealed class OrderStateDefinition : SagaDefinition<OrderState>
{
    public OrderStateDefinition() => EndpointName = "order.fulfilment";
}
