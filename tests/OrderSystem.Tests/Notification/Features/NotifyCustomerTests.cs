using OrderSystem.ServiceDefaults.Paging;
using System.Net.Http.Json;
using AwesomeAssertions;
using OrderSystem.Contracts;
using OrderSystem.Notification.Features.ListNotifications;
using OrderSystem.Notification.Persistence;
using OrderSystem.Tests.Hosts;

namespace OrderSystem.Tests.Notification.Features;

/// <summary>NotifyCustomer: exactly one notification per final order, whatever arrives twice.</summary>
public sealed class NotifyCustomerTests(ServiceFixture<NotificationDbContext, NotificationSettings> fixture)
    : IClassFixture<ServiceFixture<NotificationDbContext, NotificationSettings>>
{
    readonly InProcessService<NotificationDbContext> _service = fixture.Service;
    readonly RecordingEmailSender _email = fixture.Settings.Email;

    static OrderConfirmed Confirmed(Guid orderId) => new(orderId, "c-1", "ada@example.com", 42.50m, DateTimeOffset.UtcNow);

    static OrderCancelled Cancelled(Guid orderId, string reason = "Payment declined: card declined", string email = "ada@example.com") =>
        new(orderId, "c-1", email, reason, DateTimeOffset.UtcNow);

    async Task<List<ListNotifications.Item>> Notifications(Guid orderId) =>
        (await _service.Http.GetFromJsonAsync<PaginatedItems<ListNotifications.Item>>($"/notifications?orderId={orderId}"))!.Items.ToList();

    [Fact]
    public async Task A_confirmed_order_is_notified_once_under_redelivery_and_concurrent_duplicates()
    {
        var orderId = Guid.NewGuid();
        var first = await _service.Publish(Confirmed(orderId));
        await _service.Publish(Confirmed(orderId), first);
        var duplicates = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _service.Publish(Confirmed(orderId))));
        await _service.Handled([first, .. duplicates]);

        var notification = (await Notifications(orderId)).Should().ContainSingle().Subject;
        notification.Kind.Should().Be(nameof(OrderConfirmed));
        notification.Recipient.Should().Be("ada@example.com");
        notification.Channel.Should().Be("recorder");
        notification.Reason.Should().BeNull();
        _email.Sent.Where(m => m.OrderId == orderId).Should().ContainSingle("a duplicate waits for the first claim and sends nothing")
            .Which.Subject.Should().Be(notification.Subject);
        var published = (await _service.Received(orderId)).Should().ContainSingle().Subject;
        published.As<CustomerNotified>().Should().BeEquivalentTo(new { notification.NotificationId, Kind = nameof(OrderConfirmed) });
    }

    [Fact]
    public async Task A_cancelled_order_is_notified_with_the_reason_and_a_later_conflicting_event_changes_nothing()
    {
        var orderId = Guid.NewGuid();
        await _service.Handled(await _service.Publish(Cancelled(orderId, "Payment timed out")));
        await _service.Handled(await _service.Publish(Confirmed(orderId)));

        var notification = (await Notifications(orderId)).Should().ContainSingle().Subject;
        notification.Kind.Should().Be(nameof(OrderCancelled));
        notification.Reason.Should().Be("Payment timed out");
        _email.Sent.Where(m => m.OrderId == orderId).Should().ContainSingle().Which.Body.Should().Contain("Payment timed out");
        (await _service.Received(orderId)).Should().ContainSingle().Which.As<CustomerNotified>().Kind.Should().Be(nameof(OrderCancelled));
    }

    [Fact]
    public async Task A_failed_send_rolls_back_and_is_retried_into_exactly_one_notification()
    {
        var orderId = Guid.NewGuid();
        _email.FailOnce(orderId);
        await _service.Handled(await _service.Publish(Cancelled(orderId)));

        _email.Attempts.Count(m => m.OrderId == orderId).Should().Be(2);
        _email.Sent.Where(m => m.OrderId == orderId).Should().ContainSingle();
        (await Notifications(orderId)).Should().ContainSingle();
        (await _service.Received(orderId)).Should().ContainSingle();
    }

    [Fact]
    public async Task An_event_without_a_usable_email_address_is_dead_lettered_and_nothing_is_sent()
    {
        var orderId = Guid.NewGuid();
        await _service.Publish(Cancelled(orderId, email: "not an address"));

        await Wait.Until(async () => await _service.QueueDepth("notification.order-cancelled.dlq") > 0, "the message was dead-lettered");
        (await Notifications(orderId)).Should().BeEmpty();
        _email.Attempts.Should().NotContain(m => m.OrderId == orderId);
    }
}
