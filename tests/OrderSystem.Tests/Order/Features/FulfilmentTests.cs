using AwesomeAssertions;
using MassTransit;
using MassTransit.Saga;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Contracts;
using OrderSystem.Order.Domain;
using OrderSystem.Order.Features.Fulfilment;

namespace OrderSystem.Tests.Order.Features;

/// <summary>Fulfilment: every transition of the saga (OrderStateMachine), with MassTransit's in-memory test harness.</summary>
public sealed class FulfilmentTests : IAsyncLifetime
{
    static readonly TimeSpan PaymentTimeout = TimeSpan.FromMilliseconds(300);
    static readonly TimeSpan HarnessTimeout = TimeSpan.FromSeconds(10);
    readonly RecordingTimeline _timeline = new();
    ServiceProvider _provider = null!;
    ITestHarness _harness = null!;
    ISagaStateMachineTestHarness<OrderStateMachine, OrderState> _saga = null!;

    public async ValueTask InitializeAsync()
    {
        _provider = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IOrderTimeline>(_timeline)
            .Configure<OrderSagaOptions>(o => o.PaymentTimeout = PaymentTimeout)
            .AddMassTransitTestHarness(x =>
            {
                x.AddSagaStateMachine<OrderStateMachine, OrderState>().InMemoryRepository();
                x.AddDelayedMessageScheduler();
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.UseDelayedMessageScheduler();
                    cfg.ConfigureEndpoints(context);
                });
            })
            .BuildServiceProvider(validateScopes: true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
        _saga = _harness.GetSagaStateMachineHarness<OrderStateMachine, OrderState>();
    }

    public async ValueTask DisposeAsync()
    {
        await _harness.Stop();
        await _provider.DisposeAsync();
    }

    static readonly Guid PaymentMethodId = Guid.NewGuid();

    Guid PlaceOrder()
    {
        // POST /orders creates the saga in the same transaction as the order.
        var orderId = NewId.NextGuid();
        var order = CustomerOrder.Place(orderId, "c-1", "ada@example.com", [new OrderItem("KB-001", "Mechanical keyboard", 1, 42.50m)], DateTimeOffset.UtcNow);
        _provider.GetRequiredService<IndexedSagaDictionary<OrderState>>().Add(new SagaInstance<OrderState>(OrderState.ForPlacedOrder(order, PaymentMethodId)));
        return orderId;
    }

    Task Publish<T>(T message)
        where T : class => _harness.Bus.Publish(message);

    async Task ExpectState(Guid orderId, Func<OrderStateMachine, State> state)
    {
        var found = await _saga.Exists(orderId, state, TimeSpan.FromSeconds(10));
        found.Should().NotBeNull($"saga {orderId} should reach {state(_saga.StateMachine).Name}");
    }

    int PublishedCount<T>(Guid orderId)
        where T : class, IOrderEvent => _harness.Published.Select<T>().Count(m => m.Context.Message.OrderId == orderId);

    static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task Approved_order_is_confirmed()
    {
        var id = PlaceOrder();
        await Publish(new InventoryReserved(id, Now));
        await ExpectState(id, m => m.AwaitingPayment);
        (await _harness.Published.Any<PaymentRequestedV2>(m => m.Context.Message.OrderId == id && m.Context.Message.Amount == 42.50m
            && m.Context.Message.PaymentMethodId == PaymentMethodId && m.Context.Message.CustomerId == "c-1")).Should().BeTrue("Payment charges the customer's payment method, never a card number");

        await Publish(new PaymentCaptured(id, Guid.NewGuid(), 42.50m, Now));
        await ExpectState(id, m => m.Confirmed);
        (await _harness.Published.Any<OrderConfirmed>(m => m.Context.Message.OrderId == id)).Should().BeTrue();
        _timeline.StatusOf(id).Should().Be(OrderStatus.Confirmed);
        PublishedCount<StockReleaseRequested>(id).Should().Be(0);
    }

    [Fact]
    public async Task Out_of_stock_cancels_with_nothing_to_undo()
    {
        var id = PlaceOrder();
        await Publish(new InventoryReservationFailed(id, "Insufficient stock: LE-006", Now));
        await ExpectState(id, m => m.Cancelled);
        _timeline.CauseOf(id).Should().Be(CancellationCause.OutOfStock);
        (await _harness.Published.Any<OrderCancelled>(m => m.Context.Message.OrderId == id && m.Context.Message.Reason.StartsWith("Insufficient stock"))).Should().BeTrue();
        PublishedCount<StockReleaseRequested>(id).Should().Be(0);
        PublishedCount<PaymentRequestedV2>(id).Should().Be(0);
    }

    [Fact]
    public async Task Declined_payment_releases_stock_then_cancels()
    {
        var id = PlaceOrder();
        await Publish(new InventoryReserved(id, Now));
        await ExpectState(id, m => m.AwaitingPayment);
        await Publish(new PaymentDeclined(id, "card declined", Now));
        await ExpectState(id, m => m.Compensating);
        (await _harness.Published.Any<StockReleaseRequested>(m => m.Context.Message.OrderId == id)).Should().BeTrue();
        PublishedCount<OrderCancelled>(id).Should().Be(0, "the order is cancelled only once the stock is back");

        await Publish(new InventoryReleased(id, Now));
        await ExpectState(id, m => m.Cancelled);
        _timeline.CauseOf(id).Should().Be(CancellationCause.PaymentDeclined);
        (await _harness.Published.Any<OrderCancelled>(m => m.Context.Message.OrderId == id && m.Context.Message.Reason.Contains("declined"))).Should().BeTrue();
    }

    [Fact]
    public async Task Payment_timeout_releases_stock_and_a_late_capture_is_refunded()
    {
        var id = PlaceOrder();
        await Publish(new InventoryReserved(id, Now));
        await ExpectState(id, m => m.Compensating); // the timeout fired by itself
        (await _harness.Published.Any<StockReleaseRequested>(m => m.Context.Message.OrderId == id)).Should().BeTrue();

        await Publish(new InventoryReleased(id, Now));
        await ExpectState(id, m => m.Cancelled);
        _timeline.CauseOf(id).Should().Be(CancellationCause.PaymentTimedOut);
        (await _harness.Published.Any<OrderCancelled>(m => m.Context.Message.OrderId == id && m.Context.Message.Reason == "Payment timed out")).Should().BeTrue();

        await Publish(new PaymentCaptured(id, Guid.NewGuid(), 42.50m, Now));
        (await _harness.Published.Any<RefundRequested>(m => m.Context.Message.OrderId == id)).Should().BeTrue();
        await Publish(new PaymentRefunded(id, Guid.NewGuid(), 42.50m, Now));
        await Wait.Until(() => _timeline.Events(id).Contains(nameof(PaymentRefunded)), "the refund is on the timeline", HarnessTimeout);
        _timeline.StatusOf(id).Should().Be(OrderStatus.Cancelled);
    }

    [Fact]
    public async Task Customer_cancellation_before_stock_answer_releases_and_cancels()
    {
        var id = PlaceOrder();
        await Publish(new OrderCancellationRequested(id, "Cancelled by customer", Now));
        await ExpectState(id, m => m.Compensating);
        // Inventory answers the original order after all; the saga no longer cares.
        await Publish(new InventoryReserved(id, Now));
        await Publish(new InventoryReleased(id, Now));
        await ExpectState(id, m => m.Cancelled);
        _timeline.CauseOf(id).Should().Be(CancellationCause.CustomerRequest);
        PublishedCount<PaymentRequestedV2>(id).Should().Be(0);
        PublishedCount<RefundRequested>(id).Should().Be(0);
    }

    [Fact]
    public async Task Customer_cancellation_while_awaiting_payment_releases_and_refunds()
    {
        var id = PlaceOrder();
        await Publish(new InventoryReserved(id, Now));
        await ExpectState(id, m => m.AwaitingPayment);
        await Publish(new OrderCancellationRequested(id, "Cancelled by customer", Now));
        await ExpectState(id, m => m.Compensating);
        (await _harness.Published.Any<RefundRequested>(m => m.Context.Message.OrderId == id)).Should().BeTrue();

        // The payment was captured before Payment saw the refund request: no second refund is requested.
        await Publish(new PaymentCaptured(id, Guid.NewGuid(), 42.50m, Now));
        await Publish(new InventoryReleased(id, Now));
        await Publish(new PaymentRefunded(id, Guid.NewGuid(), 42.50m, Now));
        await ExpectState(id, m => m.Cancelled);
        _timeline.CauseOf(id).Should().Be(CancellationCause.CustomerRequest);
        PublishedCount<RefundRequested>(id).Should().Be(1);
        PublishedCount<OrderCancelled>(id).Should().Be(1);
    }

    [Fact]
    public async Task Compensation_finishes_whichever_answer_comes_first()
    {
        var id = PlaceOrder();
        await Publish(new InventoryReserved(id, Now));
        await ExpectState(id, m => m.AwaitingPayment);
        await Publish(new OrderCancellationRequested(id, "Cancelled by customer", Now));
        await ExpectState(id, m => m.Compensating);
        await Publish(new PaymentRefunded(id, null, 0m, Now));
        await Wait.Until(() => _timeline.Events(id).Contains(nameof(PaymentRefunded)), "the refund is on the timeline", HarnessTimeout);
        (await _saga.Exists(id, m => m.Compensating)).Should().NotBeNull("stock is not released yet");
        await Publish(new InventoryReleased(id, Now));
        await ExpectState(id, m => m.Cancelled);
    }

    [Fact]
    public async Task Duplicate_events_change_nothing()
    {
        var id = PlaceOrder();
        await Publish(new InventoryReserved(id, Now));
        await Publish(new InventoryReserved(id, Now));
        await ExpectState(id, m => m.AwaitingPayment);
        await Publish(new PaymentCaptured(id, Guid.NewGuid(), 42.50m, Now));
        await Publish(new PaymentCaptured(id, Guid.NewGuid(), 42.50m, Now));
        await ExpectState(id, m => m.Confirmed);
        await Wait.Until(() => _saga.Consumed.Select<PaymentCaptured>().Count(m => m.Context.Message.OrderId == id) == 2
            && _saga.Consumed.Select<InventoryReserved>().Count(m => m.Context.Message.OrderId == id) == 2, "the saga consumed both duplicates", HarnessTimeout);

        PublishedCount<PaymentRequestedV2>(id).Should().Be(1);
        PublishedCount<OrderConfirmed>(id).Should().Be(1);
        PublishedCount<RefundRequested>(id).Should().Be(0);
    }

    [Fact]
    public async Task Confirmed_order_ignores_late_cancellation_and_timeouts()
    {
        var id = PlaceOrder();
        await Publish(new InventoryReserved(id, Now));
        await Publish(new PaymentCaptured(id, Guid.NewGuid(), 42.50m, Now));
        await ExpectState(id, m => m.Confirmed);
        await Publish(new OrderCancellationRequested(id, "Cancelled by customer", Now));
        await Publish(new PaymentDeclined(id, "late", Now));
        // The in-memory scheduler still delivers the timeout scheduled on InventoryReserved: once the saga consumed it, it had its chance to misfire.
        await Wait.Until(() => _saga.Consumed.Select<OrderCancellationRequested>().Any(m => m.Context.Message.OrderId == id)
            && _saga.Consumed.Select<PaymentDeclined>().Any(m => m.Context.Message.OrderId == id)
            && _saga.Consumed.Select<PaymentTimedOut>().Any(m => m.Context.Message.OrderId == id),
            "the saga consumed the late cancellation, the late decline and the payment timeout", HarnessTimeout);

        (await _saga.Exists(id, m => m.Confirmed)).Should().NotBeNull();
        PublishedCount<StockReleaseRequested>(id).Should().Be(0);
        PublishedCount<OrderCancelled>(id).Should().Be(0);
    }

    [Fact]
    public async Task Events_for_unknown_orders_are_discarded()
    {
        var unknown = NewId.NextGuid();
        await Publish(new InventoryReserved(unknown, Now));
        (await _harness.Consumed.Any<InventoryReserved>(m => m.Context.Message.OrderId == unknown)).Should().BeTrue();
        PublishedCount<PaymentRequestedV2>(unknown).Should().Be(0);
        (await _harness.Published.Any<Fault<InventoryReserved>>()).Should().BeFalse();
    }

    sealed class RecordingTimeline : IOrderTimeline
    {
        readonly Lock _lock = new();
        readonly Dictionary<Guid, List<(string Event, OrderStatus? Status)>> _entries = [];
        readonly Dictionary<Guid, CancellationCause?> _causes = [];

        public Task Advance(Guid orderId, OrderStatus status, string eventName, string? detail, CancellationToken cancellationToken) =>
            Add(orderId, eventName, status);

        public Task Cancel(Guid orderId, CancellationCause? cause, string reason, CancellationToken cancellationToken)
        {
            lock (_lock)
                _causes[orderId] = cause;
            return Add(orderId, nameof(OrderCancelled), OrderStatus.Cancelled);
        }

        public Task Record(Guid orderId, string eventName, string? detail, CancellationToken cancellationToken) => Add(orderId, eventName, null);

        public CancellationCause? CauseOf(Guid orderId)
        {
            lock (_lock)
                return _causes.GetValueOrDefault(orderId);
        }

        Task Add(Guid orderId, string eventName, OrderStatus? status)
        {
            lock (_lock)
            {
                if (!_entries.TryGetValue(orderId, out var list))
                    _entries[orderId] = list = [];
                list.Add((eventName, status));
            }

            return Task.CompletedTask;
        }

        public IReadOnlyList<string> Events(Guid orderId)
        {
            lock (_lock)
                return _entries.TryGetValue(orderId, out var list) ? [.. list.Select(e => e.Event)] : [];
        }

        public OrderStatus? StatusOf(Guid orderId)
        {
            lock (_lock)
                return _entries.TryGetValue(orderId, out var list) ? list.LastOrDefault(e => e.Status is not null).Status : null;
        }
    }
}
