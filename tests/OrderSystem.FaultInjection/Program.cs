using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using OrderSystem.FaultInjection;
using OrderSystem.FaultInjection.Faults;
using OrderSystem.FaultInjection.Network;
using OrderSystem.FaultInjection.Reporting;
using OrderSystem.FaultInjection.Soak;
using OrderSystem.Tools;
using Spectre.Console;

// Fault-injection runner (issues 8 and 16). See README.md in this folder for what it does and how to read its output.
var options = RunnerOptions.Parse(args);
if (options is null)
{
    Console.WriteLine(RunnerOptions.Usage);
    return 2;
}

// CI logs are not terminals: give the tables room instead of Spectre's 80-column default.
if (Console.IsOutputRedirected)
    AnsiConsole.Profile.Width = 150;

var settings = Settings.Load(Directory.GetCurrentDirectory());
var runId = DateTime.UtcNow.ToString("MMddHHmmss", CultureInfo.InvariantCulture);
var logDirectory = Path.Combine(settings.RepoRoot, ".local", "faults", runId);
Directory.CreateDirectory(logDirectory);
var clock = Stopwatch.StartNew();
void Log(string message) => AnsiConsole.MarkupLine($"[grey]{clock.Elapsed:hh\\:mm\\:ss}[/] {Markup.Escape(message)}");

var virtualHost = options.Attach ? settings["RABBITMQ_VHOST"] : options.VirtualHost;
// Isolated databases follow the vhost's name (default ordersystem_faults_<service>), so two isolated runs never share one.
string DatabaseName(string service) => options.Attach ? $"ordersystem_{service}" : $"{options.VirtualHost.Replace('-', '_')}_{service}";
var databases = ServiceHost.Services.Append(ServiceHost.Identity).Select(DatabaseName).ToList();
var soaking = options.Scenarios.Contains(Scenario.Soak);
await using var proxies = options.Proxied ? new ServiceProxies(settings) : null;

var host = new ServiceHost(settings, virtualHost, DatabaseName, Path.Combine(logDirectory, "services"), rateLimitOff: !options.Attach, (service, environment) =>
{
    // Identity stays direct: the faults are between the four order services and their servers.
    if (proxies is not null && ServiceHost.Services.Contains(service))
    {
        foreach (var (key, value) in proxies.Overrides(service, environment["ConnectionStrings__Database"]))
            environment[key] = value;
    }

    // The soak shows that the inbox stops growing: rows older than 10 minutes are cleaned up every minute (default 7 days).
    if (soaking)
    {
        environment["Outbox__InboxRetention"] = "00:10:00";
        environment["Outbox__CleanupInterval"] = "00:01:00";
    }
})
{
    IdentityUrl = new Uri($"http://localhost:{(options.Attach ? settings.Number("IDENTITY_PORT", 5005) : options.PortBase + 5)}/"),
};
// The runner is the machine client `faultinjection` (client credentials): its orders are its own, and it may read
// products and change stock. Health probes ignore the token.
using var http = new HttpClient(ClientCredentialsToken.Handler(host.IdentityUrl, "faultinjection", settings["IDENTITY_FAULT_INJECTION_SECRET"],
    "orders catalogue.write admin", renewAfter: TimeSpan.FromMinutes(30)))
{
    Timeout = TimeSpan.FromSeconds(10),
};
using var infrastructure = new Infrastructure(settings, virtualHost);
var serviceDatabases = new ServiceDatabases(settings, DatabaseName);
var report = new RunReport { Run = runId, Arguments = string.Join(' ', args) };
var exitCode = 0;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
    AnsiConsole.MarkupLine("[yellow]interrupted: stopping after cleanup[/]");
};
// A long run started in the background ignores Ctrl+C (SIGINT is inherited as ignored), so `kill <pid>` stops it the same way.
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
    AnsiConsole.MarkupLine("[yellow]terminated: stopping after cleanup[/]");
});

Log($"seed {options.Seed} (replay with --seed {options.Seed}); report: {Path.Combine(logDirectory, "report.md")}");
try
{
    if (options.Attach)
    {
        host.Adopt();
        Log($"attached to the system started by deploy/local/up.sh (vhost '{virtualHost}', ports {string.Join(", ", host.Instances.Select(i => i.Port))})");
    }
    else
    {
        foreach (var service in ServiceHost.Services)
        {
            if (!File.Exists(host.Dll(service)) || options.Build)
            {
                Log("building the solution (Release)");
                await Shell.Check("dotnet", ["build", "-c", "Release", Path.Combine(settings.RepoRoot, "OrderSystem.sln"), "-nologo", "-v", "q"], timeout: TimeSpan.FromMinutes(10));
                break;
            }
        }

        Log($"preparing an isolated system: vhost '{virtualHost}', databases {string.Join(", ", databases)}");
        await infrastructure.PrepareIsolated(databases);
        var identity = host.Add(ServiceHost.Identity, options.PortBase + 5);
        using (var identityProbe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) }) // no token yet: Identity is what issues it
            await host.WaitReady(identityProbe, TimeSpan.FromSeconds(120), [identity]);
        foreach (var service in ServiceHost.Services)
            host.Add(service, options.PortBase + Array.IndexOf(ServiceHost.Services, service) + 1);
        Log($"started Identity on port {options.PortBase + 5} and the four services on ports {options.PortBase + 1}-{options.PortBase + 4} (logs: {Path.Combine(logDirectory, "services")})"
            + (proxies is null ? "" : ", their RabbitMQ and PostgreSQL connections through the runner's proxies"));
    }

    await host.WaitReady(http, TimeSpan.FromSeconds(120));
    Log("all services ready");

    var checker = new InvariantChecker(http, infrastructure, () => host);
    var endState = new EndStateChecker(infrastructure, serviceDatabases);
    var accepted = new AcceptedOrders();
    var load = new LoadGenerator(http, () => host.Of("order"), () => host.Of("inventory")[0], () => host.Of("payment")[0], Log) { Accepted = accepted.Add };
    var probe = new RecoveryProbe(http, accepted, () => host.Of("order")[0].BaseAddress);

    foreach (var (scenario, index) in options.Scenarios.Select((s, i) => (s, i)))
    {
        if (cancel.IsCancellationRequested)
            break;
        var started = Stopwatch.StartNew();
        var seed = options.Seed + index;
        var isSoak = scenario == Scenario.Soak;
        var minimum = isSoak ? 0 : options.MinimumOrders;
        AnsiConsole.Write(new Rule($"[bold]{scenario.Name}[/]: {Markup.Escape(scenario.Title)}").LeftJustified());
        var context = new ScenarioContext(settings, infrastructure, host, http, Log, options.ReplicaPortOffset, proxies, new Random(seed));
        // Enough stock that the plentiful products never run out, whatever the volume (Inventory caps onHand at 1,000,000).
        var expectedOrders = isSoak ? options.Rate * options.Duration.TotalSeconds : minimum;
        var products = await load.CreateProducts($"FI-{scenario.Name}-{runId}", (int)Math.Clamp(expectedOrders * 5, 100_000, 1_000_000));
        var before = (await checker.Observe([], products)).DeadLetters.Select(InvariantChecker.Key).ToHashSet(StringComparer.Ordinal);
        accepted.Clear();

        foreach (var kind in scenario.WholeRun ?? [])
        {
            var record = new FaultRecord(kind, "all services", DateTime.UtcNow) { Detail = "whole run" };
            context.Faults.Add(record);
            context.Cleanup.Add(kind == FaultKind.Duplicates ? await FaultInjector.StartDuplicates(context) : await FaultInjector.StartReplicas(context));
        }

        // The faults repeat until the load has placed its minimum (or the soak's duration is over); both are bounded.
        var kinds = scenario.Random ? [.. scenario.Kinds.Where(options.Faults.Contains)] : scenario.Kinds;
        var period = options.PeriodOf(scenario);
        var loadTime = isSoak ? options.Duration : TimeSpan.FromSeconds(Math.Max(scenario.MinimumDuration.TotalSeconds, minimum / options.Rate));
        var deadline = isSoak ? options.Duration : (loadTime * 2) + TimeSpan.FromMinutes(10);
        var planLength = (int)Math.Min(100_000, (deadline.TotalSeconds / Math.Max(1, period.TotalSeconds / 2)) + 10);
        var plan = kinds.Count == 0 ? [] : FaultLoop.Plan(scenario, kinds, period, seed, planLength);
        var loop = new FaultLoop(context, probe, Log);
        var loadClock = Stopwatch.StartNew();
        var faults = loop.Run(scenario, plan, () => cancel.IsCancellationRequested
            || (isSoak ? loadClock.Elapsed >= options.Duration : load.Sent >= minimum && loadClock.Elapsed >= scenario.MinimumDuration), deadline);

        using var stopSampling = new CancellationTokenSource();
        var sampler = isSoak ? new SoakSampler(http, host, infrastructure, serviceDatabases, accepted) : null;
        var sampling = sampler?.Run(DateTime.UtcNow, Log, stopSampling.Token) ?? Task.CompletedTask;

        Log($"load: {options.Rate.ToString(CultureInfo.InvariantCulture)} orders/s, "
            + (isSoak ? $"for {options.Duration.TotalMinutes:0} min" : $"at least {minimum} orders")
            + (kinds.Count == 0 ? "" : $"; faults: {string.Join(", ", kinds.Select(FaultKinds.Name))} " + (scenario.Random ? $"(seeded random, mean pause {period.TotalSeconds:0} s)" : $"every {period.TotalSeconds:0} s")));
        var orders = await load.Run(products, options.Rate, minimum, faults, scenario.Name, cancel.Token);
        var loadSeconds = loadClock.Elapsed.TotalSeconds;
        await stopSampling.CancelAsync();
        await sampling;
        if (!cancel.IsCancellationRequested && await load.ResolveUnknown(orders) is { Asked: > 0 } resolved)
            Log($"asked again for the {resolved.Asked} orders without a definite answer (same Idempotency-Key, they may be stored): "
                + $"{resolved.Resolved} now have an order id");

        var acceptedCount = orders.Count(o => o.OrderId is not null);
        Log($"load done: {orders.Count} orders sent, {acceptedCount} accepted (202), {orders.Count - acceptedCount} not accepted, "
            + $"{orders.Sum(o => o.Attempts) - orders.Count} POST retries, {context.Faults.Count} faults injected");
        foreach (var rejected in orders.Where(o => o.OrderId is null).Take(5))
            Log($"  not accepted {rejected.Kind}: {rejected.Rejection?[..Math.Min(rejected.Rejection.Length, 160)]}");

        if (cancel.IsCancellationRequested)
        {
            foreach (var cleanup in context.Cleanup)
                await cleanup();
            break; // interrupted: no settle, no verdict for a scenario cut short
        }

        var expectedDeadLetters = 0;
        foreach (var message in context.Injected)
            expectedDeadLetters += (await infrastructure.QueuesFor(message.Exchange, message.RoutingKey)).Count;

        // Settle: re-check until every invariant holds or the deadline passes (late approvals need 15 s + refund).
        Log($"settling: checking the invariants until they hold (at most {options.SettleTimeout.TotalSeconds:0} s)");
        List<InvariantResult> results = [];
        try
        {
            await Wait.Until(async () =>
            {
                try
                {
                    var observation = await checker.Observe(orders, products);
                    results = InvariantChecker.Check(orders, products, observation, before, context.Injected, expectedDeadLetters);
                    results.AddRange(await endState.Check());
                    results.Add(context.FailedFaults.Count == 0
                        ? InvariantResult.Pass("every fault was injected and its target came back", $"{context.Faults.Count} faults")
                        : new InvariantResult("every fault was injected and its target came back", false, $"{context.FailedFaults.Count} did not", context.FailedFaults));
                    // A pass counts only if the lists did not move while they were read, nor since (nothing in flight).
                    var still = observation.Stable && await checker.Totals() == observation.Totals;
                    results.Add(still
                        ? InvariantResult.Pass("the order, payment and notification lists held still while checked", $"{observation.Totals}")
                        : new InvariantResult("the order, payment and notification lists held still while checked", false, "rows changed while read", []));
                    return results.All(r => r.Passed != false);
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException)
                {
                    results = [new InvariantResult("system answers the checks", false, exception.Message, [])];
                    return false;
                }
            }, "every invariant holds", options.SettleTimeout, TimeSpan.FromSeconds(3));
        }
        catch (TimeoutException timedOut) when (timedOut.InnerException is null)
        {
            // Not settled in time: the results of the last check say which invariants fail, and the verdict reports them.
        }

        await Task.WhenAll(loop.Probes);
        foreach (var cleanup in context.Cleanup)
            await cleanup();
        await host.WaitReady(http, TimeSpan.FromSeconds(120));

        var scenarioReport = new ScenarioReport
        {
            Name = scenario.Name,
            Title = scenario.Title,
            Seed = seed,
            OrdersSent = orders.Count,
            OrdersAccepted = acceptedCount,
            Rate = orders.Count / Math.Max(1, loadSeconds),
            DurationSeconds = started.Elapsed.TotalSeconds,
        };
        scenarioReport.Faults.AddRange(context.Faults.GroupBy(f => f.Kind).OrderBy(g => g.Key).Select(g => new FaultCount(FaultKinds.Name(g.Key), g.Count(),
            g.Count(f => f.Effective), g.Max(f => f.Recovery?.TotalSeconds), g.Count(f => f.RecoveryTimedOut))));
        scenarioReport.FaultLog.AddRange(context.Faults.OrderBy(f => f.StartedAt));
        scenarioReport.Invariants.AddRange(results.Select(InvariantRow.From));
        var passed = results.All(r => r.Passed != false);
        if (sampler is not null)
        {
            scenarioReport.Samples.AddRange(sampler.Samples);
            scenarioReport.Trends.AddRange(sampler.Judge(context.Faults));
            passed &= scenarioReport.Trends.All(t => t.Passed);
        }

        scenarioReport.Passed = passed;
        exitCode |= passed ? 0 : 1;
        report.Scenarios.Add(scenarioReport);
        Report.Print(scenario.Name, results, started.Elapsed);
        Report.Faults(scenarioReport);
        report.Write(logDirectory);
    }

    Report.Summary(report.Scenarios, clock.Elapsed);
    if (cancel.IsCancellationRequested)
        exitCode = 130; // interrupted: what ran is in the report, but the run proves nothing
}
catch (Exception exception)
{
    AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(exception.ToString())}");
    exitCode = 3;
}
finally
{
    if (!options.Attach && !options.Keep)
    {
        Log("stopping the isolated system");
        await host.StopAll();
        await infrastructure.CleanUpIsolated(databases);
    }

    Console.WriteLine($"report: {report.Write(logDirectory)} (and report.json); seed {options.Seed}");
}

return exitCode;
