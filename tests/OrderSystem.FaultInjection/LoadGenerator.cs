using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrderSystem.FaultInjection;

/// <summary>Places the mixed load over HTTP, retrying each POST with its Idempotency-Key until it has a definite answer.</summary>
public sealed class LoadGenerator(HttpClient http, Func<IReadOnlyList<ServiceInstance>> orderInstances, Func<ServiceInstance> inventory,
    Func<ServiceInstance> payment, Action<string> log)
{
    static readonly string[] Cards = ["4242424242424242", "4000000000000002", "4000000000009995", "4000000000000259"];
    readonly Dictionary<string, Guid> _paymentMethods = [];

    static readonly OrderKind[] Mix =
    [
        OrderKind.Approved, OrderKind.Approved, OrderKind.Approved, OrderKind.Declined, OrderKind.OutOfStock, OrderKind.LastUnits,
        OrderKind.CustomerCancelled, OrderKind.Approved, OrderKind.LateApproval, OrderKind.Declined,
    ];

    /// <summary>How long a POST is retried before the order counts as not placed (the client gave up).</summary>
    public static readonly TimeSpan RetryDeadline = TimeSpan.FromSeconds(120);

    int _next;
    int _sent;

    /// <summary>Orders started by the current or last <see cref="Run"/>.</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Called once per order when its 202 came back (the runner's recovery probes and soak sampler follow these).</summary>
    public Action<PlacedOrder>? Accepted { get; set; }

    /// <summary>Creates the scenario's three products and waits until Order's catalogue replica prices them.</summary>
    public async Task<ScenarioProducts> CreateProducts(string prefix, int plentyStock = 100_000)
    {
        var initial = new Dictionary<string, int>
        {
            [$"{prefix}-PLENTY"] = plentyStock,
            [$"{prefix}-OTHER"] = plentyStock,
            [$"{prefix}-SCARCE"] = 6,
        };
        var prices = new[] { 19.99m, 7.50m, 120.00m };
        var i = 0;
        foreach (var (sku, onHand) in initial)
        {
            var price = prices[i++];
            await Wait.Until(async () =>
            {
                using var response = await http.PostAsJsonAsync(new Uri(inventory().BaseAddress, "products"),
                    new { sku, name = $"Fault injection {sku}", unitPrice = price, onHand });
                return response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict;
            }, $"Inventory created product {sku}", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));
        }

        var products = new ScenarioProducts($"{prefix}-PLENTY", $"{prefix}-OTHER", $"{prefix}-SCARCE", initial);

        // Orders name a card by the payment method id Payment issued for it (the same card answers the same id).
        foreach (var card in Cards)
        {
            using var response = await http.PostAsJsonAsync(new Uri(payment().BaseAddress, "payment-methods"), new { cardNumber = card });
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"Could not register a test card ending {card[^4..]}: {(int)response.StatusCode}.");
            _paymentMethods[card] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paymentMethodId").GetGuid();
        }

        // Order learns products from ProductUpdated: wait until an order for each is accepted by validation (a probe
        // without a payment method is rejected for that only once the SKUs are known, so nothing is stored).
        foreach (var sku in initial.Keys)
        {
            await Wait.Until(async () =>
            {
                using var response = await http.PostAsJsonAsync(new Uri(orderInstances()[0].BaseAddress, "orders"), new
                {
                    items = new[] { new { sku, quantity = 1 } },
                    payment = new { paymentMethodId = Guid.Empty },
                });
                var text = await response.Content.ReadAsStringAsync();
                return response.StatusCode == HttpStatusCode.BadRequest && !text.Contains("Unknown SKU", StringComparison.Ordinal);
            }, $"Order's catalogue replica learned {sku}", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));
        }

        return products;
    }

    /// <summary>
    /// Places orders at <paramref name="perSecond"/> until <paramref name="until"/> completes (and at least
    /// <paramref name="minimum"/> orders) or the run is interrupted, then waits for every started order to have its answer.
    /// </summary>
    public async Task<List<PlacedOrder>> Run(ScenarioProducts products, double perSecond, int minimum, Task until, string scenario, CancellationToken interrupted)
    {
        var orders = new ConcurrentBag<PlacedOrder>();
        var running = new List<Task>();
        var interval = TimeSpan.FromSeconds(1 / perSecond);
        var count = 0;
        Volatile.Write(ref _sent, 0);
        while (!interrupted.IsCancellationRequested && (!until.IsCompleted || count < minimum))
        {
            var kind = Mix[count % Mix.Length];
            var order = NewOrder(kind, products, scenario, count);
            orders.Add(order);
            running.Add(Place(order));
            count++;
            Interlocked.Increment(ref _sent);
            await Task.Delay(interval, CancellationToken.None); // short: the loop checks the interruption next
        }

        await until;
        await Task.WhenAll(running);
        return [.. orders];
    }

    static PlacedOrder NewOrder(OrderKind kind, ScenarioProducts products, string scenario, int index)
    {
        IReadOnlyList<(string, int)> lines = kind switch
        {
            OrderKind.OutOfStock => [(products.Scarce, 50)],
            OrderKind.LastUnits => [(products.Scarce, 2)],
            OrderKind.Approved when index % 2 == 0 => [(products.Plenty, 1 + (index % 3)), (products.Other, 1)],
            _ => [(products.Plenty, 1 + (index % 4))],
        };
        return new PlacedOrder(kind, $"faults-{scenario}-{index}-{Guid.NewGuid():N}", lines, Card(kind, index));
    }

    static string Card(OrderKind kind, int index) => kind switch
    {
        OrderKind.Declined => index % 20 < 10 ? "4000000000000002" : "4000000000009995",
        OrderKind.CustomerCancelled or OrderKind.LateApproval => "4000000000000259",
        _ => "4242424242424242",
    };

    /// <summary>
    /// Exponential back-off with full jitter (0.25 s doubling to 8 s): a fixed 500 ms let every client of a restarted
    /// service come back at once, and kept coming back.
    /// </summary>
    static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(8_000, 250 * Math.Pow(2, Math.Min(attempt, 10))));

    /// <summary>
    /// Asks again, with the same Idempotency-Key, for every order whose POST never got a definite answer: it may have been
    /// stored. Like a client that finishes its retries later, it learns the order's id (or places it now), so that every
    /// order the system holds is accounted for. Returns how many it asked about and how many now have an order id.
    /// </summary>
    public async Task<(int Asked, int Resolved)> ResolveUnknown(IEnumerable<PlacedOrder> orders)
    {
        var unknown = orders.Where(o => o.OrderId is null && o.Rejection?.StartsWith(NoDefiniteAnswer, StringComparison.Ordinal) == true).ToList();
        if (unknown.Count == 0)
            return (0, 0);
        using var limit = new SemaphoreSlim(8);
        await Task.WhenAll(unknown.Select(async order =>
        {
            await limit.WaitAsync();
            try
            {
                order.Rejection = null;
                await Place(order);
            }
            finally
            {
                limit.Release();
            }
        }));
        return (unknown.Count, unknown.Count(o => o.OrderId is not null));
    }

    const string NoDefiniteAnswer = "no definite answer";

    async Task Place(PlacedOrder order)
    {
        var body = new
        {
            items = order.Lines.Select(l => new { sku = l.Sku, quantity = l.Quantity }).ToArray(),
            payment = new { paymentMethodId = _paymentMethods[order.Card] },
        };
        var deadline = DateTime.UtcNow + RetryDeadline;
        while (true)
        {
            order.Attempts++;
            var instances = orderInstances();
            var target = instances[(Interlocked.Increment(ref _next) & int.MaxValue) % instances.Count];
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target.BaseAddress, "orders")) { Content = JsonContent.Create(body) };
                request.Headers.Add("Idempotency-Key", order.IdempotencyKey);
                using var response = await http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    order.OrderId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
                    order.AcceptedAt = DateTime.UtcNow;
                    Accepted?.Invoke(order);
                    break;
                }

                // Turned away for now (rate limit, or a busy service shedding load): come back when it says.
                if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null)
                {
                    var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                    await Task.Delay(wait);
                    continue;
                }

                if ((int)response.StatusCode < 500)
                {
                    order.Rejection = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // refused or reset: the instance is down; try again (another replica, or later)
            }
            catch (TaskCanceledException)
            {
                // timed out: the order may or may not be stored; the Idempotency-Key makes the retry safe
            }

            if (DateTime.UtcNow > deadline)
            {
                order.Rejection = $"{NoDefiniteAnswer} after {order.Attempts} attempts";
                log($"order {order.IdempotencyKey}: {order.Rejection}");
                return;
            }

            await Task.Delay(Backoff(order.Attempts));
        }

        if (order.Kind == OrderKind.CustomerCancelled)
            await Cancel(order.OrderId!.Value, deadline);
    }

    async Task Cancel(Guid orderId, DateTime deadline)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        while (DateTime.UtcNow < deadline)
        {
            var instances = orderInstances();
            var target = instances[(Interlocked.Increment(ref _next) & int.MaxValue) % instances.Count];
            try
            {
                using var response = await http.PostAsync(new Uri(target.BaseAddress, string.Create(CultureInfo.InvariantCulture, $"orders/{orderId}/cancel")), null);
                if ((int)response.StatusCode < 500)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
