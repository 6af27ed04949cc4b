using System.Diagnostics;
using AwesomeAssertions;
using OpenTelemetry;
using OpenTelemetry.Trace;
using OrderSystem.ServiceDefaults;

namespace OrderSystem.Tests.Telemetry;

/// <summary>
/// Background polls (a query or HTTP call outside any request or message) must not become traces of their own; the
/// same calls inside a trace must still be recorded. Seen in the Aspire dashboard: thousands of one-span "postgresql"
/// traces from the relay's fallback poll and the gauges buried the orders' traces.
/// </summary>
public sealed class BackgroundPollingSamplerTests : IDisposable
{
    static readonly ActivitySource Source = new("OrderSystem.Tests.BackgroundPolling");
    readonly List<Activity> _exported = [];
    readonly TracerProvider _provider;

    public BackgroundPollingSamplerTests() => _provider = Sdk.CreateTracerProviderBuilder()
        .SetSampler(new ParentBasedSampler(new BackgroundPollingSampler()))
        .AddSource(Source.Name)
        .AddInMemoryExporter(_exported)
        .Build();

    [Fact]
    public void A_client_call_outside_any_trace_is_not_recorded()
    {
        Activity.Current = null; // the test runner may run the test under an activity of its own
        using (var poll = Source.StartActivity("postgresql", ActivityKind.Client))
            (poll?.Recorded ?? false).Should().BeFalse("a background poll starts no recorded trace");

        _exported.Should().BeEmpty();
    }

    [Fact]
    public void A_client_call_inside_a_request_or_a_message_is_recorded_in_its_trace()
    {
        using (var request = Source.StartActivity("POST /orders", ActivityKind.Server))
        using (Source.StartActivity("postgresql", ActivityKind.Client))
        {
        }

        using (var consumer = Source.StartActivity("inventory.order-placed receive", ActivityKind.Consumer))
        using (Source.StartActivity("postgresql", ActivityKind.Client))
        {
        }

        _exported.Should().HaveCount(4);
        _exported.Where(s => s.Kind == ActivityKind.Client).Should().OnlyContain(s => s.ParentSpanId != default);
    }

    [Fact]
    public void Work_the_service_starts_itself_still_starts_a_trace()
    {
        Activity.Current = null;
        using (Source.StartActivity("outbox relay", ActivityKind.Producer))
        {
        }

        _exported.Should().ContainSingle();
    }

    public void Dispose() => _provider.Dispose();
}
