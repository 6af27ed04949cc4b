using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrderSystem.FaultInjection;

/// <summary>Reads the system's state and checks the invariants of issue 8.</summary>
public sealed class InvariantChecker(HttpClient http, Infrastructure infrastructure, Func<ServiceHost> host)
{
    static readonly string[] FinalStatuses = ["Confirmed", "Cancelled"];

    Uri Service(string name, string path) => new(host().Of(name)[0].BaseAddress, path);

    async Task<JsonElement?> Get(Uri uri)
    {
        using var response = await http.GetAsync(uri);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// Reads everything the invariants need. The orders, payments and notifications come from the list endpoints, 100 per
    /// page (a few hundred requests instead of three per order: at soak volume a pass took 15 minutes). Offset paging is
    /// only exact while nothing changes, so a pass whose totals moved is reported as unsettled and the caller looks again.
    /// </summary>
    public async Task<Observation> Observe(IReadOnlyCollection<PlacedOrder> orders, ScenarioProducts products)
    {
        var observation = new Observation();
        var ids = orders.Where(o => o.OrderId is not null).Select(o => o.OrderId!.Value).ToHashSet();
        if (ids.Count > 0)
            await ReadOrders(observation, ids);

        foreach (var sku in products.Initial.Keys)
            observation.Products[sku] = (await Get(Service("inventory", $"products/{sku}")))!.Value;

        observation.DeadLetterDepths = await infrastructure.DeadLetterDepths();
        if (observation.DeadLetterDepths is { } depths)
        {
            foreach (var (queue, depth) in depths.Where(d => d.Value > 0))
                observation.DeadLetters.AddRange(await infrastructure.Peek(queue, (int)Math.Min(depth, 500)));
        }

        return observation;
    }

    async Task ReadOrders(Observation observation, HashSet<Guid> ids)
    {
        var (orderRows, ordersStable) = await ReadAll("order", "orders", "orderId");
        var (paymentRows, paymentsStable) = await ReadAll("payment", "payments", "paymentId");
        var (notificationRows, notificationsStable) = await ReadAll("notification", "notifications", "notificationId");
        observation.Stable = ordersStable && paymentsStable && notificationsStable;

        static Guid OrderOf(JsonElement row) => row.GetProperty("orderId").GetGuid();
        var byId = orderRows.Where(r => ids.Contains(OrderOf(r))).ToDictionary(OrderOf);
        foreach (var id in ids)
        {
            observation.Orders[id] = byId.TryGetValue(id, out var row) ? row : null;
            observation.Payments[id] = [];
            observation.Notifications[id] = [];
        }

        foreach (var row in paymentRows.Where(r => ids.Contains(OrderOf(r))))
            observation.Payments[OrderOf(row)].Add(row);
        foreach (var row in notificationRows.Where(r => ids.Contains(OrderOf(r))))
            observation.Notifications[OrderOf(row)].Add(row);
        observation.Totals = (orderRows.Count, paymentRows.Count, notificationRows.Count);
    }

    /// <summary>How many rows the list endpoints of the three services hold now (a cheap re-read after a passing check).</summary>
    public async Task<(int Orders, int Payments, int Notifications)> Totals() =>
        (await TotalOf("order", "orders"), await TotalOf("payment", "payments"), await TotalOf("notification", "notifications"));

    async Task<int> TotalOf(string service, string path) =>
        (await Get(Service(service, $"{path}?page=1&pageSize=1")))!.Value.GetProperty("totalCount").GetInt32();

    /// <summary>
    /// Every row of a list endpoint, de-duplicated by <paramref name="key"/>; stable when every page reported the same
    /// total and the distinct rows add up to it (a row inserted mid-read shifts the offsets of the pages after it).
    /// </summary>
    async Task<(List<JsonElement> Rows, bool Stable)> ReadAll(string service, string path, string key)
    {
        const int pageSize = 100;
        var first = (await Get(Service(service, $"{path}?page=1&pageSize={pageSize}")))!.Value;
        var total = first.GetProperty("totalCount").GetInt32();
        var pages = new List<JsonElement>[(total + pageSize - 1) / pageSize];
        var totals = new int[Math.Max(1, pages.Length)];
        totals[0] = total;
        if (pages.Length > 0)
            pages[0] = [.. first.GetProperty("items").EnumerateArray()];
        using var limit = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(1, Math.Max(0, pages.Length - 1)).Select(async index =>
        {
            await limit.WaitAsync();
            try
            {
                var page = (await Get(Service(service, $"{path}?page={index + 1}&pageSize={pageSize}")))!.Value;
                totals[index] = page.GetProperty("totalCount").GetInt32();
                pages[index] = [.. page.GetProperty("items").EnumerateArray()];
            }
            finally
            {
                limit.Release();
            }
        }));
        var rows = pages.SelectMany(p => p).DistinctBy(r => r.GetProperty(key).GetGuid()).ToList();
        return (rows, totals.All(t => t == total) && rows.Count == total);
    }

    static string Status(JsonElement? order) => order?.GetProperty("status").GetString() ?? "(missing)";

    static decimal Total(JsonElement? order) => order?.GetProperty("total").GetDecimal() ?? 0;

    /// <summary>Checks every invariant against <paramref name="observation"/>.</summary>
    public static List<InvariantResult> Check(IReadOnlyCollection<PlacedOrder> placed, ScenarioProducts products, Observation observation,
        IReadOnlySet<string> deadLettersBefore, IReadOnlyCollection<MalformedMessage> injected, int expectedDeadLetters)
    {
        var accepted = placed.Where(p => p.OrderId is not null).ToList();
        var orders = observation.Orders;
        var results = new List<InvariantResult>();
        string Id(Guid id) => id.ToString();

        // 1. every accepted order is final
        var notFinal = accepted.Where(p => !FinalStatuses.Contains(Status(orders.GetValueOrDefault(p.OrderId!.Value)))).ToList();
        results.Add(InvariantResult.Check("every accepted order is final (Confirmed/Cancelled)",
            $"{accepted.Count} accepted: {accepted.Count(p => Status(orders.GetValueOrDefault(p.OrderId!.Value)) == "Confirmed")} Confirmed, "
            + $"{accepted.Count(p => Status(orders.GetValueOrDefault(p.OrderId!.Value)) == "Cancelled")} Cancelled"
            + (notFinal.Count > 0 ? $"; not final: {string.Join(", ", notFinal.Select(p => $"{p.OrderId} {Status(orders.GetValueOrDefault(p.OrderId!.Value))}").Take(5))}" : ""),
            notFinal.Select(p => Id(p.OrderId!.Value))));

        // 2. stock: onHand = initial - sold, reserved = 0, sold = units of confirmed orders
        var stockProblems = new List<string>();
        var stockDetail = new List<string>();
        foreach (var (sku, initial) in products.Initial)
        {
            var product = observation.Products[sku];
            var (onHand, reserved, sold) = (product.GetProperty("onHand").GetInt32(), product.GetProperty("reserved").GetInt32(), product.GetProperty("sold").GetInt32());
            var confirmedUnits = accepted.Where(p => Status(orders.GetValueOrDefault(p.OrderId!.Value)) == "Confirmed")
                .SelectMany(p => p.Lines).Where(l => l.Sku == sku).Sum(l => l.Quantity);
            stockDetail.Add($"{sku[(sku.LastIndexOf('-') + 1)..]} {initial}-{sold}={onHand} r{reserved}");
            if (onHand != initial - sold || reserved != 0 || sold != confirmedUnits)
                stockProblems.Add($"{sku} (onHand {onHand}, reserved {reserved}, sold {sold}, confirmed units {confirmedUnits})");
        }

        results.Add(InvariantResult.Check("stock: onHand = initial - sold, reserved = 0, sold = confirmed units",
            string.Join("; ", stockDetail), stockProblems));

        // 3. no order charged twice
        var payments = observation.Payments;
        var chargedTwice = accepted.Where(p =>
        {
            var list = payments.GetValueOrDefault(p.OrderId!.Value) ?? [];
            return list.Count > 1 || list.Any(r => r.GetProperty("status").GetString() is "Captured" or "Refunded"
                && r.GetProperty("amount").GetDecimal() != Total(orders.GetValueOrDefault(p.OrderId!.Value)));
        }).ToList();
        results.Add(InvariantResult.Check("no order charged twice (one payment record, amount = order total)",
            $"{payments.Values.Sum(l => l.Count)} payment records for {accepted.Count} orders", chargedTwice.Select(p => Id(p.OrderId!.Value))));

        // 4. every cancelled order that was charged is refunded (nothing Captured or still Pending)
        var cancelledCharged = accepted.Where(p => Status(orders.GetValueOrDefault(p.OrderId!.Value)) == "Cancelled"
            && payments.GetValueOrDefault(p.OrderId!.Value)?.Any(r => r.GetProperty("status").GetString() is "Captured" or "Pending") == true).ToList();
        var refunded = payments.Values.SelectMany(l => l).Count(r => r.GetProperty("status").GetString() == "Refunded");
        results.Add(InvariantResult.Check("every charged cancelled order is refunded",
            $"{refunded} refunded", cancelledCharged.Select(p => Id(p.OrderId!.Value))));

        // 5. confirmed revenue = captured - refunded, and every confirmed order is captured
        var confirmed = accepted.Where(p => Status(orders.GetValueOrDefault(p.OrderId!.Value)) == "Confirmed").ToList();
        var revenue = confirmed.Sum(p => Total(orders.GetValueOrDefault(p.OrderId!.Value)));
        var allRecords = payments.Values.SelectMany(l => l).ToList();
        var captured = allRecords.Where(r => r.GetProperty("status").GetString() is "Captured" or "Refunded").Sum(r => r.GetProperty("amount").GetDecimal());
        var refundedAmount = allRecords.Where(r => r.GetProperty("status").GetString() == "Refunded").Sum(r => r.GetProperty("amount").GetDecimal());
        var unpaid = confirmed.Where(p => payments.GetValueOrDefault(p.OrderId!.Value)?.Any(r => r.GetProperty("status").GetString() == "Captured") != true).ToList();
        results.Add(InvariantResult.Check("confirmed revenue = captured - refunded",
            string.Create(CultureInfo.InvariantCulture, $"revenue {revenue:0.00} = {captured:0.00} - {refundedAmount:0.00}"),
            revenue == captured - refundedAmount ? unpaid.Select(p => Id(p.OrderId!.Value)) : confirmed.Select(p => Id(p.OrderId!.Value)).Concat(unpaid.Select(p => Id(p.OrderId!.Value)))));

        // 6. exactly one notification per final order, of the right kind
        var notifications = observation.Notifications;
        var wrongNotifications = accepted.Where(p =>
        {
            var status = Status(orders.GetValueOrDefault(p.OrderId!.Value));
            var list = notifications.GetValueOrDefault(p.OrderId!.Value) ?? [];
            return FinalStatuses.Contains(status)
                ? list.Count != 1 || list[0].GetProperty("kind").GetString() != $"Order{status}"
                : list.Count != 0;
        }).ToList();
        results.Add(InvariantResult.Check("exactly one notification per final order",
            $"{notifications.Values.Sum(l => l.Count)} notifications", wrongNotifications.Select(p => Id(p.OrderId!.Value))));

        // 7. outcomes that must never be confirmed: a declined card, more units than ever existed
        var wronglyConfirmed = accepted.Where(p => p.Kind is OrderKind.Declined or OrderKind.OutOfStock
            && Status(orders.GetValueOrDefault(p.OrderId!.Value)) == "Confirmed").ToList();
        results.Add(InvariantResult.Check("declined and out-of-stock orders never confirmed",
            string.Join(", ", accepted.GroupBy(p => p.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")),
            wronglyConfirmed.Select(p => Id(p.OrderId!.Value))));

        // Not an invariant: the payment timeout and a customer's cancellation are decided by the saga in the order it
        // sees the messages, so when an outage holds back the timeout (or the cancellation) a late capture that reaches
        // the saga first confirms the order (charged once, stock sold, one notification: the rows above still hold).
        var lateConfirmed = accepted.Where(p => p.Kind is OrderKind.LateApproval or OrderKind.CustomerCancelled
            && Status(orders.GetValueOrDefault(p.OrderId!.Value)) == "Confirmed").ToList();
        results.Add(new InvariantResult("(info) late approvals / cancellations overtaken by the capture", null,
            lateConfirmed.Count == 0 ? "none: every late approval and cancellation ended Cancelled"
                : $"{lateConfirmed.Count} confirmed because the capture reached the saga before the delayed timeout or cancellation: "
                  + string.Join(", ", lateConfirmed.Select(p => $"{p.OrderId} ({p.Kind})")), []));

        // 8. DLQs hold exactly the deliberately malformed messages
        if (observation.DeadLetterDepths is not { Count: > 0 } depths)
        {
            results.Add(new InvariantResult("DLQs hold only the deliberately malformed messages", null,
                observation.DeadLetterDepths is null ? "not available (management API unreachable)" : "not available (no .dlq queues in this vhost)", []));
        }
        else
        {
            var injectedIds = injected.Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal);
            var fresh = observation.DeadLetters.Where(m => !deadLettersBefore.Contains(Key(m))).ToList();
            var unexpected = fresh
                .Where(m => !injectedIds.Contains(m.MessageId ?? "") && !(m.Headers.TryGetValue(MalformedMessages.Header, out var h) && injectedIds.Contains(h)))
                .ToList();
            var expected = expectedDeadLetters;
            // Counted once per queue and message: a consumer killed between dead-lettering and its ack dead-letters the
            // redelivery again (at-least-once); the copies are reported, not counted twice.
            var injectedCopies = fresh.Where(m => injectedIds.Contains(m.MessageId ?? "")
                || (m.Headers.TryGetValue(MalformedMessages.Header, out var h) && injectedIds.Contains(h))).ToList();
            var injectedFound = injectedCopies.Select(m => (m.Queue, m.MessageId)).Distinct().Count();
            var copies = injectedCopies.Count - injectedFound;
            var involved = unexpected.Select(m => $"{m.Queue}: {m.MessageId} ({m.Headers.GetValueOrDefault("x-dead-letter-reason") ?? "no reason"})").ToList();
            if (injectedFound != expected)
                involved.Add($"expected {expected} injected dead letters, found {injectedFound}");
            results.Add(InvariantResult.Check("DLQs hold only the deliberately malformed messages",
                $"{fresh.Count} new in {depths.Count} DLQs ({deadLettersBefore.Count} older ignored); injected {injected.Count} → expected {expected}, found {injectedFound}"
                + (copies > 0 ? $" (+{copies} repeated copies of injected messages)" : ""), involved));
        }

        return results;
    }

    /// <summary>Identifies a dead letter across peeks.</summary>
    public static string Key(PeekedMessage message) =>
        $"{message.Queue}/{message.MessageId}/{message.Headers.GetValueOrDefault("x-dead-letter-id") ?? message.Payload.GetHashCode(StringComparison.Ordinal).ToString(CultureInfo.InvariantCulture)}";
}
