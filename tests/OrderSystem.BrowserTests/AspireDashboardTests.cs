using AwesomeAssertions;

namespace OrderSystem.BrowserTests;

/// <summary>The Aspire dashboard that deploy/local/up.sh prints: the services, and one trace per order.</summary>
public sealed class AspireDashboardTests(BrowserFixture browser) : BrowserTest(browser)
{
    static readonly string[] Services = ["order", "inventory", "payment", "notification"];

    [Fact]
    public async Task The_dashboard_lists_the_four_services_running()
    {
        var dashboard = await AspireDashboard.OpenAsync(Page, System.Dashboard);

        foreach (var service in Services)
            (await dashboard.Resource(service).InnerTextAsync()).Should().Contain("Running", $"{service} runs under the AppHost");
    }

    [Fact]
    public async Task An_order_is_one_trace_with_spans_from_all_four_services_the_outbox_hops_included()
    {
        var order = await SwaggerUi.OpenAsync(Page, System.Service("order"));
        var orderId = await OrderRequests.PlaceConfirmedAsync(order, TestProduct.Sku);

        var dashboard = await AspireDashboard.OpenAsync(Page, System.Dashboard);
        var trace = await dashboard.FindTraceAsync("ordersystem.order_id", orderId.ToString(), "POST /orders", OrderRequests.FinalWithin);

        var resources = await AspireDashboard.SpanResourcesAsync(trace);
        foreach (var service in Services)
            resources.Should().Contain(tag => tag.StartsWith(service + " ", StringComparison.Ordinal), $"the trace has spans of {service}");

        var summary = await dashboard.OpenTraceAsync(trace);
        summary.Should().MatchRegex(@"Resources\s*4");
        var spans = await dashboard.SpanNamesAsync();
        spans.Should().Contain(span => span.Contains("outbox relay", StringComparison.Ordinal), "the relay continues the trace after the request");
        spans.Should().Contain(span => span.Contains("inventory.order-placed receive", StringComparison.Ordinal));
    }
}
