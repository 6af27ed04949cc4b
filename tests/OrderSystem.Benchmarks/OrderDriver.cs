using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OrderSystem.Tools;

namespace OrderSystem.Benchmarks;

/// <summary>Places orders over HTTP and waits for their final event on the observer.</summary>
sealed class OrderDriver(HttpClient http, OrderEventObserver observer, BenchmarkOptions options, string sku, Guid paymentMethodId)
{
    readonly byte[] _body = JsonSerializer.SerializeToUtf8Bytes(new
    {
        items = new[] { new { sku, quantity = 1 } },
        payment = new { paymentMethodId },
    });

    /// <summary>The run's client: its orders belong to the benchmark's machine client (the token's subject).</summary>
    public static HttpClient CreateClient(BenchmarkOptions options, string token) => new HttpClient(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = options.OrderUrl,
        Timeout = TimeSpan.FromSeconds(60),
    }.WithBearer(token);

    /// <summary>POST /orders once; returns the order id when accepted.</summary>
    public async Task<(HttpStatusCode Status, Guid? OrderId, string? Body)> PostAsync(CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(_body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync("orders", content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
            return (response.StatusCode, null, text);
        using var document = JsonDocument.Parse(text);
        return (response.StatusCode, document.RootElement.GetProperty("orderId").GetGuid(), text);
    }

    /// <summary>
    /// Places one order and waits for <c>OrderConfirmed</c>/<c>OrderCancelled</c>. Latency counts from <paramref name="startedAt"/>
    /// (the scheduled arrival in the open loop, so a slow system cannot hide its queueing delay).
    /// </summary>
    public async Task PlaceAndAwaitAsync(PhaseStats stats, long startedAt, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref stats.Started);
        Guid orderId;
        try
        {
            var (status, id, body) = await PostAsync(cancellationToken);
            stats.HttpStatusCounts.AddOrUpdate((int)status, 1, (_, n) => n + 1);
            if (id is null)
            {
                Interlocked.Increment(ref stats.HttpErrors);
                stats.Error($"POST /orders answered {(int)status}: {Truncate(body)}");
                return;
            }

            orderId = id.Value;
            stats.HttpMs.Enqueue(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds);
            Interlocked.Increment(ref stats.Accepted);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            if (cancellationToken.IsCancellationRequested)
                return;
            Interlocked.Increment(ref stats.Exceptions);
            stats.Error($"POST /orders failed: {exception.GetType().Name}: {exception.Message}");
            return;
        }

        var tracker = observer.Track(orderId);
        try
        {
            var outcome = await tracker.Outcome.WaitAsync(options.OrderTimeout, CancellationToken.None);
            stats.EndToEndMs.Enqueue(Stopwatch.GetElapsedTime(startedAt, tracker.ObservedAt).TotalMilliseconds);
            if (tracker.EventSentTime is { } sent)
                stats.FinalEventHopMs.Enqueue((tracker.ObservedWallClock - sent).TotalMilliseconds);
            if (outcome == OrderOutcome.Confirmed)
            {
                stats.ConfirmedAt.Enqueue(tracker.ObservedAt);
                Interlocked.Increment(ref stats.Confirmed);
            }
            else
            {
                Interlocked.Increment(ref stats.Cancelled);
            }
        }
        catch (TimeoutException)
        {
            Interlocked.Increment(ref stats.TimedOut);
            stats.Error($"order {orderId} neither confirmed nor cancelled within {options.OrderTimeout.TotalSeconds:0} s");
        }
        finally
        {
            observer.Forget(orderId);
        }
    }

    static string Truncate(string? text) => text is null ? "" : text.Length <= 300 ? text : text[..300];

    /// <summary>Creates the run's own product with a fresh SKU and plenty of stock; returns nothing, throws on failure.</summary>
    /// <summary>Registers the run's card (<c>--card</c>) with Payment and returns its payment method id: orders never carry a card number.</summary>
    public static async Task<Guid> RegisterCardAsync(BenchmarkOptions options, string token, CancellationToken cancellationToken)
    {
        var paymentUrl = options.Services.Single(s => s.Service == "payment").Url;
        using var payment = new HttpClient { BaseAddress = paymentUrl, Timeout = TimeSpan.FromSeconds(30) }.WithBearer(token);
        using var content = new StringContent(JsonSerializer.Serialize(new { cardNumber = options.CardNumber }), Encoding.UTF8, "application/json");
        using var response = await payment.PostAsync("payment-methods", content, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {paymentUrl}payment-methods answered {(int)response.StatusCode}: " +
                await response.Content.ReadAsStringAsync(cancellationToken));
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return answer.RootElement.GetProperty("paymentMethodId").GetGuid();
    }

    public static async Task CreateProductAsync(BenchmarkOptions options, string token, string sku, CancellationToken cancellationToken)
    {
        using var inventory = new HttpClient { BaseAddress = options.InventoryUrl, Timeout = TimeSpan.FromSeconds(30) }.WithBearer(token);
        using var content = new StringContent(JsonSerializer.Serialize(new
        {
            sku,
            name = "Benchmark item " + sku,
            unitPrice = 1.00m,
            onHand = 1_000_000,
        }), Encoding.UTF8, "application/json");
        using var response = await inventory.PostAsync("products", content, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {options.InventoryUrl}products answered {(int)response.StatusCode}: " +
                await response.Content.ReadAsStringAsync(cancellationToken));
    }
}
