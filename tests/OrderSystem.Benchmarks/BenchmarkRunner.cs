using System.Diagnostics;
using System.Net;
using OrderSystem.Tools;
using Spectre.Console;

namespace OrderSystem.Benchmarks;

/// <summary>Runs the phases in order: set-up, warm-up, closed loop, open loop, raw broker and database baselines.</summary>
sealed class BenchmarkRunner(BenchmarkOptions options)
{
    public async Task<BenchmarkReport> RunAsync(CancellationToken cancellationToken)
    {
        var loadBefore = ReportWriter.LoadAverage();
        var startedAt = DateTimeOffset.UtcNow;
        using var metricsHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var managementHttp = BrokerStats.CreateClient(options);
        var sampler = new SystemSampler(metricsHttp, options);
        var status = new LiveStatus(sampler);
        var broker = new BrokerStats(managementHttp, options);

        BenchmarkReport? report = null;
        async Task Body()
        {
            report = await RunPhasesAsync(status, sampler, broker, metricsHttp, startedAt, loadBefore, cancellationToken);
        }

        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Live(status.Render()).AutoClear(false).StartAsync(async ctx =>
            {
                var work = Body();
                while (!work.IsCompleted)
                {
                    ctx.UpdateTarget(status.Render());
                    await Task.WhenAny(work, Task.Delay(500, CancellationToken.None));
                }

                ctx.UpdateTarget(status.Render());
                await work;
            });
        }
        else
        {
            // Redirected output (CI, a log file): one plain progress line every few seconds.
            var work = Body();
            using var progress = new PeriodicTimer(TimeSpan.FromSeconds(5));
            while (await Task.WhenAny(work, progress.WaitForNextTickAsync(CancellationToken.None).AsTask()) != work)
                Console.WriteLine(status.Line());

            await work;
        }

        return report!;
    }

    async Task<BenchmarkReport> RunPhasesAsync(LiveStatus status, SystemSampler sampler, BrokerStats broker, HttpClient http,
        DateTimeOffset startedAt, string loadBefore, CancellationToken cancellationToken)
    {
        status.Note($"checking the services ({string.Join(", ", options.Services.Select(s => s.Url.Authority))}) and the broker ({options.ManagementUrl.Authority}, vhost {options.VirtualHost})");
        foreach (var (service, url) in options.RunClosed || options.RunOpen ? options.Services : [])
        {
            try
            {
                using var response = await http.GetAsync(new Uri(url, "health/ready"), cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK)
                    throw new BenchmarkException($"{service} at {url} is not ready ({(int)response.StatusCode}). Start the system with deploy/local/up.sh.");
            }
            catch (HttpRequestException exception)
            {
                throw new BenchmarkException($"{service} at {url} does not answer ({exception.Message}). Start the system with deploy/local/up.sh.");
            }
        }

        try
        {
            await broker.ReadAsync(cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new BenchmarkException($"RabbitMQ management API {options.ManagementUrl} (vhost {options.VirtualHost}, user {options.User}): {exception.Message}");
        }

        PhaseResult? closed = null, open = null;
        var warmup = "";
        BaselineResult? baseline = null;
        PostgresBaselineResult? postgresBaseline = null;
        await using var commits = new DatabaseCommits(options);
        var sku = "";
        if (options.RunClosed || options.RunOpen)
        {
            await using var observer = await OrderEventObserver.StartAsync(options, cancellationToken);
            // Signed in as the benchmark's machine client: its orders are its own, and it may create the run's product.
            string token;
            try
            {
                token = await ClientCredentialsToken.RequestAsync(options.IdentityUrl, options.ClientId, options.ClientSecret,
                    "orders catalogue.write", cancellationToken);
            }
            catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException)
            {
                throw new BenchmarkException($"no token from Identity at {options.IdentityUrl} for client {options.ClientId}: {exception.Message}");
            }

            using var orderHttp = OrderDriver.CreateClient(options, token);
            sku = $"BENCH-{startedAt:yyyyMMddHHmmss}-{Random.Shared.Next(1000, 9999)}";
            var driver = new OrderDriver(orderHttp, observer, options, sku, await OrderDriver.RegisterCardAsync(options, token, cancellationToken));

            status.Note($"creating product {sku} (1,000,000 in stock) in Inventory");
            await OrderDriver.CreateProductAsync(options, token, sku, cancellationToken);
            await WaitForCatalogueAsync(driver, observer, sku, status, cancellationToken);

            using var samplerStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var samplerTask = sampler.RunAsync(samplerStop.Token);

            if (options.RunClosed || options.RunOpen)
            {
                if (options.Warmup > TimeSpan.Zero)
                    warmup = await WarmUpAsync(driver, status, sampler, cancellationToken);

                var before = await SettleAsync(broker, status, cancellationToken);
                if (options.RunClosed)
                {
                    var losses = Interlocked.Read(ref observer.ConnectionLosses);
                    var commitsBefore = await commits.ReadAsync(cancellationToken);
                    closed = await ClosedLoopAsync("closed loop", driver, status, sampler, options.Duration, cancellationToken);
                    closed = closed with
                    {
                        BrokerConnectionLosses = Interlocked.Read(ref observer.ConnectionLosses) - losses,
                        TransactionsPerOrder = PerOrder(await commits.ReadAsync(cancellationToken) - commitsBefore, closed),
                    };
                    var after = await SettleAsync(broker, status, cancellationToken);
                    closed = WithBroker(closed, before, after);
                    before = after;
                    status.Finished($"closed loop, {options.Clients} clients: {closed.ConfirmedPerSecond:0.0} confirmed orders/s, {closed.MessagesPerOrder:0.00} broker messages per order, p50 {closed.EndToEndMs.P50:0} ms");
                }

                if (options.RunOpen)
                {
                    // After the closed loop or the warm-up (both saturate the machine).
                    warmup += (warmup.Length > 0 ? "; " : "") + await WaitForJitCatchUpAsync(status, sampler, cancellationToken);
                    var rate = options.Rate ?? Math.Max(1, Math.Round(closed!.ConfirmedPerSecond / 2));
                    var losses = Interlocked.Read(ref observer.ConnectionLosses);
                    var commitsBefore = await commits.ReadAsync(cancellationToken);
                    open = await OpenLoopAsync(driver, status, sampler, rate, options.OpenDuration, cancellationToken);
                    open = open with
                    {
                        BrokerConnectionLosses = Interlocked.Read(ref observer.ConnectionLosses) - losses,
                        TransactionsPerOrder = PerOrder(await commits.ReadAsync(cancellationToken) - commitsBefore, open),
                    };
                    var after = await SettleAsync(broker, status, cancellationToken);
                    open = WithBroker(open, before, after);
                    status.Finished($"open loop, {rate:0} orders/s: p50 {open.EndToEndMs.P50:0} ms, p95 {open.EndToEndMs.P95:0} ms, p99 {open.EndToEndMs.P99:0} ms, max {open.EndToEndMs.Max:0} ms");
                }
            }

            await samplerStop.CancelAsync();
            await samplerTask;
        }

        if (options.RunBaseline)
        {
            var before = options.RunClosed || options.RunOpen ? await broker.ReadAsync(cancellationToken) : await SettleAsync(broker, status, cancellationToken);
            status.Begin("raw baseline", null, options.BaselineDuration);
            baseline = await RawBaseline.RunAsync(options, status.Note, cancellationToken);
            var after = await SettleAsync(broker, status, cancellationToken);
            baseline = baseline with { BrokerPublishCounted = after.Published - before.Published };
            status.Finished($"raw baseline: {baseline.MessagesPerSecond:0} confirmed msg/s ({baseline.Publishers} publishers, counted by the broker: {baseline.BrokerPublishCounted} of {baseline.Confirmed})");
            status.Begin("raw PostgreSQL baseline", null, options.BaselineDuration);
            postgresBaseline = await PostgresBaseline.RunAsync(options, status.Note, cancellationToken);
            status.Finished($"raw PostgreSQL baseline: {postgresBaseline.TransactionsPerSecond:0} committed tx/s of one consumer's shape ({postgresBaseline.Connections} connections)");
        }

        status.Begin("done", null, TimeSpan.Zero);
        var reference = closed ?? open;
        double? ratio = reference is not null && baseline is { MessagesPerSecond: > 0 } && reference.MessagesPerOrder > 0
            ? reference.BrokerMessagesPerSecond / baseline.MessagesPerSecond
            : null;
        return new BenchmarkReport(startedAt, options.Label, sku, ReportWriter.Machine(loadBefore, options.RepositoryRoot), closed, open, baseline, ratio,
            postgresBaseline, MeasuredLimit.Of(reference, baseline, postgresBaseline),
            "dotnet run -c Release --project tests/OrderSystem.Benchmarks -- " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)), warmup);
    }

    static double PerOrder(long count, PhaseResult phase) => phase.Started > 0 ? (double)count / phase.Started : 0;

    static PhaseResult WithBroker(PhaseResult phase, VhostCounters before, VhostCounters after)
    {
        var published = after.Published - before.Published;
        var perOrder = phase.Started > 0 ? (double)published / phase.Started : 0;
        return phase with
        {
            BrokerPublishes = published,
            MessagesPerOrder = perOrder,
            BrokerMessagesPerSecond = phase.ConfirmedPerSecond * perOrder,
        };
    }

    async Task<VhostCounters> SettleAsync(BrokerStats broker, LiveStatus status, CancellationToken cancellationToken)
    {
        status.Begin("broker statistics", null, options.StatsSettle);
        return await broker.SettleAsync(status.Note, cancellationToken);
    }

    /// <summary>POST /orders answers 400 "Unknown SKU" until Order's catalogue replica received ProductUpdated.</summary>
    async Task WaitForCatalogueAsync(OrderDriver driver, OrderEventObserver observer, string sku, LiveStatus status, CancellationToken cancellationToken)
    {
        status.Begin("catalogue replica", null, TimeSpan.FromSeconds(60));
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var (code, orderId, body) = await driver.PostAsync(cancellationToken);
            if (orderId is { } id)
            {
                status.Note($"Order knows {sku} after {waited.Elapsed.TotalSeconds:0.0} s; waiting for the probe order {id} to finish");
                var outcome = await observer.Track(id).Outcome.WaitAsync(options.OrderTimeout, cancellationToken);
                observer.Forget(id);
                if (outcome != OrderOutcome.Confirmed)
                    throw new BenchmarkException($"The probe order {id} was cancelled: check the services' logs.");
                return;
            }

            if (code != HttpStatusCode.BadRequest || waited.Elapsed > TimeSpan.FromSeconds(60))
                throw new BenchmarkException($"POST /orders answered {(int)code} for the run's SKU {sku}: {body}" +
                    (code == HttpStatusCode.TooManyRequests ? " — lift the rate limit: ORDER_RATE_LIMIT_PER_SECOND=100000 ORDER_RATE_LIMIT_BURST=100000 deploy/local/up.sh" : ""));
            status.Note($"waiting for Order's catalogue replica to learn {sku} ({waited.Elapsed.TotalSeconds:0} s)");
            await Task.Delay(200, cancellationToken);
        }
    }

    static readonly TimeSpan WarmupStep = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Closed-loop load until the services run warm code: at least <c>--warmup</c>, then in steps of <see cref="WarmupStep"/> while the JIT took
    /// more than <c>--warm-jit</c> percent of their CPU, up to <c>--warmup-max</c>. Tiered compilation moves hot methods
    /// through three tiers in the background, and on a busy 2-core machine it took minutes: a measurement that starts
    /// earlier counts compiling as the cost of an order.
    /// </summary>
    async Task<string> WarmUpAsync(OrderDriver driver, LiveStatus status, SystemSampler sampler, CancellationToken cancellationToken)
    {
        var warm = await ClosedLoopAsync("warm-up", driver, status, sampler, options.Warmup, cancellationToken);
        var total = options.Warmup;
        // Without the services' runtime counters (NaN) the share cannot be judged, and the least warm-up is all there is.
        while (total < options.WarmupMax && warm.JitSharePercent >= options.WarmJitPercent)
        {
            status.Finished($"warm-up: {total.TotalSeconds:0} s, JIT {warm.JitSharePercent:0.#}% of the services' CPU ({warm.JitMethods:0} methods); going on");
            var step = options.WarmupMax - total < WarmupStep ? options.WarmupMax - total : WarmupStep;
            warm = await ClosedLoopAsync("warm-up", driver, status, sampler, step, cancellationToken);
            total += step;
        }

        var summary = $"{total.TotalSeconds:0} s of closed-loop load; in its last {warm.Seconds:0} s {warm.ConfirmedPerSecond:0} orders/s, " +
            $"the JIT {warm.JitSharePercent:0.#}% of the services' CPU ({warm.JitMethods:0} methods compiled)";
        status.Finished("warm-up: " + summary);
        return summary;
    }

    static readonly TimeSpan JitQuietWindow = TimeSpan.FromSeconds(5);
    static readonly TimeSpan JitCatchUpMax = TimeSpan.FromSeconds(90);
    const double JitQuietMethods = 20;

    /// <summary>
    /// Waits until the services' JIT has gone quiet (at most <see cref="JitQuietMethods"/> methods compiled in
    /// <see cref="JitQuietWindow"/>), up to <see cref="JitCatchUpMax"/>. Under saturation tiered compilation falls behind;
    /// when the load drops it catches up, thousands of methods taking most of the services' CPU for seconds. An open loop
    /// started in that moment measures the JIT's latency, not the system's (p99 6.5 s instead of 0.1 s in one run).
    /// </summary>
    async Task<string> WaitForJitCatchUpAsync(LiveStatus status, SystemSampler sampler, CancellationToken cancellationToken)
    {
        status.Begin("JIT catch-up before the open loop", null, JitCatchUpMax);
        var waited = Stopwatch.StartNew();
        var first = sampler.Runtime.JitMethods;
        var last = first;
        while (waited.Elapsed < JitCatchUpMax)
        {
            await Task.Delay(JitQuietWindow, cancellationToken);
            var now = sampler.Runtime.JitMethods;
            if (now - last <= JitQuietMethods)
                break;
            status.Note($"{now - last:0} methods compiled in the last {JitQuietWindow.TotalSeconds:0} s");
            last = now;
        }

        var summary = $"before the open loop the JIT caught up for {waited.Elapsed.TotalSeconds:0} s ({sampler.Runtime.JitMethods - first:0} methods compiled)";
        status.Finished(summary);
        return summary;
    }

    async Task<PhaseResult> ClosedLoopAsync(string name, OrderDriver driver, LiveStatus status, SystemSampler sampler, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        var stats = new PhaseStats(name);
        status.Begin($"{name} ({options.Clients} clients)", stats, duration);
        var probe = Probe.Start(options, sampler);
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var clients = Enumerable.Range(0, options.Clients).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end && !cancellationToken.IsCancellationRequested)
                await driver.PlaceAndAwaitAsync(stats, Stopwatch.GetTimestamp(), cancellationToken);
        }, cancellationToken));
        await Task.WhenAll(clients);
        cancellationToken.ThrowIfCancellationRequested();
        return Build(stats, "closed", options.Clients, null, start, duration, probe.Stop());
    }

    async Task<PhaseResult> OpenLoopAsync(OrderDriver driver, LiveStatus status, SystemSampler sampler, double rate, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        var stats = new PhaseStats("open loop");
        status.Begin($"open loop ({rate:0.#} orders/s)", stats, duration);
        var probe = Probe.Start(options, sampler);
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var interval = Stopwatch.Frequency / rate;
        var orders = new List<Task>();
        for (long i = 0; ; i++)
        {
            var due = start + (long)(i * interval);
            if (due >= end || cancellationToken.IsCancellationRequested)
                break;
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait, cancellationToken);
            // Latency counts from the scheduled arrival, not from when the request actually left.
            orders.Add(Task.Run(() => driver.PlaceAndAwaitAsync(stats, due, cancellationToken), cancellationToken));
        }

        await Task.WhenAll(orders);
        cancellationToken.ThrowIfCancellationRequested();
        return Build(stats, "open", null, rate, start, duration, probe.Stop());
    }

    static PhaseResult Build(PhaseStats stats, string mode, int? clients, double? rate, long start, TimeSpan duration, ProbeResult probe)
    {
        var seconds = duration.TotalSeconds;
        var buckets = new double[Math.Max(1, (int)Math.Floor(seconds))];
        var inWindow = 0;
        foreach (var at in stats.ConfirmedAt)
        {
            var offset = Stopwatch.GetElapsedTime(start, at).TotalSeconds;
            if (offset < 0 || offset > seconds)
                continue;
            inWindow++;
            var bucket = (int)offset;
            if (bucket < buckets.Length)
                buckets[bucket]++;
        }

        var completed = Math.Max(1, stats.Confirmed + stats.Cancelled);
        var cpuPerOrder = probe.CpuSeconds.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value * 1000 / completed, 3), StringComparer.Ordinal);
        return new PhaseResult(stats.Name, mode, clients, rate, seconds, stats.Started, stats.Accepted, stats.Confirmed, stats.Cancelled,
            stats.TimedOut, stats.HttpErrors, stats.Exceptions, new Dictionary<int, long>(stats.HttpStatusCounts), stats.FirstError,
            inWindow / seconds, buckets, Percentiles.Summarise(stats.EndToEndMs), Percentiles.Summarise(stats.HttpMs),
            Percentiles.Summarise(stats.FinalEventHopMs), probe.MaxOutboxLag, probe.MaxOutboxLagService, probe.MaxOutboxPending, 0, 0, 0,
            cpuPerOrder, probe.MachineBusyPercent, probe.NotReadySamples, JitMethods: probe.Runtime.JitMethods,
            JitSharePercent: probe.Runtime.JitSharePercent);
    }
}
