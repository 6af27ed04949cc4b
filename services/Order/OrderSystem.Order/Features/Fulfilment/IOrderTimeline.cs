using OrderSystem.Order.Domain;

namespace OrderSystem.Order.Features.Fulfilment;

/// <summary>What the saga tells the customer-facing order: status changes and timeline entries.</summary>
public interface IOrderTimeline
{
    /// <summary>Moves the order to <paramref name="status"/> (not <see cref="OrderStatus.Cancelled"/>: see <see cref="Cancel"/>) and records the event.</summary>
    Task Advance(Guid orderId, OrderStatus status, string eventName, string? detail, CancellationToken cancellationToken);

    /// <summary>Cancels the order for good, counted under <paramref name="cause"/>.</summary>
    Task Cancel(Guid orderId, CancellationCause? cause, string reason, CancellationToken cancellationToken);

    /// <summary>Records an event without changing the status.</summary>
    Task Record(Guid orderId, string eventName, string? detail, CancellationToken cancellationToken);
}
