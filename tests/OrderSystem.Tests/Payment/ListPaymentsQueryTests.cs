using OrderSystem.ServiceDefaults.Paging;
using AwesomeAssertions;
using OrderSystem.Payment.Domain;
using OrderSystem.Payment.Features.ListPayments;

namespace OrderSystem.Tests.Payment;

/// <summary><c>GET /payments</c> query validation: every bad parameter is named.</summary>
public sealed class ListPaymentsQueryTests
{
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
}
