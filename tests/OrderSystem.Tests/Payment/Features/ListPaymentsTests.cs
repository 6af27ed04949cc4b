using System.Net;
using System.Net.Http.Json;
using AwesomeAssertions;
using Microsoft.AspNetCore.Http;
using OrderSystem.Contracts;
using OrderSystem.Payment.Domain;
using OrderSystem.Payment.Features.ListPayments;
using OrderSystem.Payment.Persistence;
using OrderSystem.ServiceDefaults.Paging;
using OrderSystem.Tests.Hosts;

namespace OrderSystem.Tests.Payment.Features;

/// <summary><c>GET /payments</c>: paged, filtered, and every bad query parameter named.</summary>
public sealed class ListPaymentsTests(ServiceFixture<PaymentDbContext, PaymentSettings> fixture) : IClassFixture<ServiceFixture<PaymentDbContext, PaymentSettings>>
{
    readonly InProcessService<PaymentDbContext> _service = fixture.Service;

    [Fact]
    public void Defaults_to_the_first_page_of_twenty()
    {
        var query = ListPayments.Validate(null, null, null, null, out var errors);
        errors.Should().BeEmpty();
        query.Should().Be(new ListPayments.Query(null, null, new PageRequest(1, 20)));
    }

    [Fact]
    public void Parses_order_status_and_paging()
    {
        var orderId = Guid.NewGuid();
        var query = ListPayments.Validate(orderId.ToString(), "captured", "3", "100", out _);
        query.Should().Be(new ListPayments.Query(orderId, PaymentStatus.Captured, new PageRequest(3, 100)));
    }

    [Theory]
    [InlineData("not-a-guid", null, null, null, "orderId")]
    [InlineData(null, "Paid", null, null, "status")]
    [InlineData(null, "1", null, null, "status")]
    [InlineData(null, null, "0", null, "page")]
    [InlineData(null, null, "abc", null, "page")]
    [InlineData(null, null, null, "101", "pageSize")]
    [InlineData(null, null, null, "-1", "pageSize")]
    public void Names_the_offending_parameter(string? orderId, string? status, string? page, string? pageSize, string field)
    {
        ListPayments.Validate(orderId, status, page, pageSize, out var errors).Should().BeNull();
        errors.Keys.Should().Equal(field);
    }

    [Fact]
    public async Task Listing_is_paged_and_validated()
    {
        await _service.Handled(await _service.Publish(Declined()), await _service.Publish(Declined()));

        var page = await _service.Http.GetFromJsonAsync<PaginatedItems<ListPayments.Item>>($"/payments?pageSize=1&status={nameof(PaymentStatus.Declined)}");
        page!.Items.Should().ContainSingle();
        page.TotalCount.Should().BeGreaterThanOrEqualTo(2);

        var bad = await _service.Http.GetAsync("/payments?orderId=x&pageSize=500");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await bad.Content.ReadFromJsonAsync<HttpValidationProblemDetails>();
        problem!.Errors.Keys.Should().BeEquivalentTo(["orderId", "pageSize"]);
    }

    PaymentRequestedV2 Declined() =>
        new(Guid.NewGuid(), PaymentSettings.Customer, 42.50m, fixture.Settings.PaymentMethods[TestCards.Declined], DateTimeOffset.UtcNow);
}
