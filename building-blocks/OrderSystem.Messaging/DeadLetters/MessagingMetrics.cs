using System.Diagnostics.Metrics;

namespace OrderSystem.Messaging.DeadLetters;

/// <summary>Meter <c>OrderSystem.Messaging</c>: what the messaging building block measures.</summary>
public sealed class MessagingMetrics
{
    /// <summary>Name of the meter (add it to the OpenTelemetry metrics pipeline).</summary>
    public const string MeterName = "OrderSystem.Messaging";

    /// <summary>Counter of dead-lettered messages, tagged <c>queue</c> and <c>category</c>.</summary>
    public const string DeadLetteredInstrument = "ordersystem.dead_letters";

    /// <summary>Observable gauge of messages waiting in each dead-letter queue, tagged <c>queue</c>.</summary>
    public const string DepthInstrument = "ordersystem.dead_letter_queue.depth";

    readonly Counter<long> _deadLettered;

    /// <summary>Creates the instruments on the meter from <paramref name="meterFactory"/>.</summary>
    public MessagingMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _deadLettered = Meter.CreateCounter<long>(DeadLetteredInstrument, "{message}", "Messages moved to a dead-letter queue");
    }

    /// <summary>The meter, for further instruments of the building block.</summary>
    public Meter Meter { get; }

    internal void DeadLettered(string queue, string category) =>
        _deadLettered.Add(1, new KeyValuePair<string, object?>("queue", queue), new KeyValuePair<string, object?>("category", category));
}
