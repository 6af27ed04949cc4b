using System.Net.Http.Json;
using System.Text.Json;

namespace OrderSystem.FaultInjection.Faults;

/// <summary>
/// Recovery time of a fault: from its lift until the first order accepted after the lift (of a kind that finishes at once:
/// not a delayed card) is seen in its final state. Polls one order every 250 ms; bounded by a deadline.
/// </summary>
public sealed class RecoveryProbe(HttpClient http, AcceptedOrders accepted, Func<Uri> orderService)
{
    /// <summary>Longest recovery measured; beyond it the fault counts as "not recovered within".</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);

    /// <summary>Order kinds whose final state does not wait for a designed delay (the saga's 10 s payment timeout).</summary>
    public static bool FinishesAtOnce(PlacedOrder order) =>
        order.Kind is OrderKind.Approved or OrderKind.Declined or OrderKind.OutOfStock or OrderKind.LastUnits;

    /// <summary>Fills <see cref="FaultRecord.Recovery"/> (or <see cref="FaultRecord.RecoveryTimedOut"/>).</summary>
    public async Task Measure(FaultRecord record)
    {
        if (record.LiftedAt is not { } lifted)
            return;
        var deadline = lifted + Deadline;
        PlacedOrder? order = null;
        while (DateTime.UtcNow < deadline && (order = accepted.FirstSince(lifted, FinishesAtOnce)) is null)
            await Task.Delay(250);
        while (order is not null && DateTime.UtcNow < deadline)
        {
            if (await IsFinal(order.OrderId!.Value))
            {
                record.Recovery = DateTime.UtcNow - lifted;
                return;
            }

            await Task.Delay(250);
        }

        record.RecoveryTimedOut = true;
    }

    async Task<bool> IsFinal(Guid orderId)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(orderService(), $"orders/{orderId}"));
            if (!response.IsSuccessStatusCode)
                return false;
            var status = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
            return status is "Confirmed" or "Cancelled";
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
