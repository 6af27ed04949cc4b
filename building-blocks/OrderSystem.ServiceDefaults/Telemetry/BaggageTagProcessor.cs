using System.Diagnostics;
using OpenTelemetry;

namespace OrderSystem.ServiceDefaults;

/// <summary>
/// Copies baggage whose key starts with <see cref="KeyPrefix"/> (e.g. <c>ordersystem.order_id</c>, set where a consumer
/// or the relay learns which order it works on) into a tag of every span that starts under it: database calls,
/// publishes and MassTransit's own spans then carry the order id too, and the trace UI can search by it.
/// </summary>
public sealed class BaggageTagProcessor : BaseProcessor<Activity>
{
    /// <summary>Baggage keys with this prefix become tags: <c>"ordersystem."</c>.</summary>
    public const string KeyPrefix = "ordersystem.";

    /// <inheritdoc />
    public override void OnStart(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var (key, value) in data.Baggage)
        {
            if (value is not null && key.StartsWith(KeyPrefix, StringComparison.Ordinal) && data.GetTagItem(key) is null)
                data.SetTag(key, value);
        }
    }
}
