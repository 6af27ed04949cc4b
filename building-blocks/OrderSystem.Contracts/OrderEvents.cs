namespace OrderSystem.Contracts;

/// <summary>One priced line of an order.</summary>
public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);

/// <summary>A customer placed an order; lines are priced from Order's catalogue replica.</summary>
[EventRoute(Exchanges.Order, "order.placed")]
public sealed record OrderPlaced(
    Guid OrderId,
    string CustomerId,
    string CustomerEmail,
    IReadOnlyList<OrderLine> Lines,
    decimal Total,
    DateTimeOffset OccurredAt) : IOrderEvent;

/// <summary>
/// Stock is reserved; the saga asks Payment to charge the order to the customer's payment method. Version 2 of
/// <c>PaymentRequested</c>, which carried a card number and is retired: card numbers never leave Payment
/// (docs/event-catalogue.md). Payment charges only a payment method registered by <paramref name="CustomerId"/>.
/// </summary>
/// <param name="OrderId">The order.</param>
/// <param name="CustomerId">The order's customer (the token subject that placed it).</param>
/// <param name="Amount">Amount to charge.</param>
/// <param name="PaymentMethodId">The opaque id Payment issued for the customer's card (<c>POST /payment-methods</c>).</param>
/// <param name="OccurredAt">When it was requested.</param>
[EventRoute(Exchanges.Order, "order.payment-requested.v2")]
public sealed record PaymentRequestedV2(
    Guid OrderId,
    string CustomerId,
    decimal Amount,
    Guid PaymentMethodId,
    DateTimeOffset OccurredAt) : IOrderEvent;

/// <summary>The saga asks Inventory to release the order's reservation (compensation).</summary>
[EventRoute(Exchanges.Order, "order.stock-release-requested")]
public sealed record StockReleaseRequested(Guid OrderId, string Reason, DateTimeOffset OccurredAt) : IOrderEvent;

/// <summary>The saga asks Payment to refund a captured payment (compensation).</summary>
[EventRoute(Exchanges.Order, "order.refund-requested")]
public sealed record RefundRequested(Guid OrderId, string Reason, DateTimeOffset OccurredAt) : IOrderEvent;

/// <summary>The customer asked to cancel the order.</summary>
[EventRoute(Exchanges.Order, "order.cancellation-requested")]
public sealed record OrderCancellationRequested(Guid OrderId, string Reason, DateTimeOffset OccurredAt) : IOrderEvent;

/// <summary>The order is final and successful: stock sold, payment captured.</summary>
[EventRoute(Exchanges.Order, "order.confirmed")]
public sealed record OrderConfirmed(
    Guid OrderId,
    string CustomerId,
    string CustomerEmail,
    decimal Total,
    DateTimeOffset OccurredAt) : IOrderEvent;

/// <summary>The order is final and cancelled; everything done before was undone.</summary>
[EventRoute(Exchanges.Order, "order.cancelled")]
public sealed record OrderCancelled(
    Guid OrderId,
    string CustomerId,
    string CustomerEmail,
    string Reason,
    DateTimeOffset OccurredAt) : IOrderEvent;

/// <summary>
/// Order started and wants the whole catalogue again (a new replica, a new database, events missed while its queue did
/// not exist yet). Inventory answers by publishing <see cref="ProductUpdated"/> for every product; older versions are ignored.
/// </summary>
[EventRoute(Exchanges.Order, "order.catalogue-sync-requested")]
public sealed record CatalogueSyncRequested(string RequestedBy, DateTimeOffset OccurredAt) : IIntegrationEvent;
