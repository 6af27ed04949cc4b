namespace OrderSystem.Contracts;

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
