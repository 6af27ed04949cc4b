using System.Diagnostics;
using System.Globalization;
using OrderSystem.FaultInjection;
using OrderSystem.Tools;
using Spectre.Console;

// Fault-injection runner (issue 8). See README.md in this folder for what it does and how to read its output.
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
void Log(string message) => AnsiConsole.MarkupLine($"[grey]{clock.Elapsed:mm\\:ss}[/] {Markup.Escape(message)}");

var virtualHost = options.Attach ? settings["RABBITMQ_VHOST"] : options.VirtualHost;
string DatabaseName(string service) => options.Attach ? $"ordersystem_{service}" : $"ordersystem_faults_{service}";
var databases = ServiceHost.Services.Append(ServiceHost.Identity).Select(DatabaseName).ToList();

var host = new ServiceHost(settings, virtualHost, DatabaseName, Path.Combine(logDirectory, "services"), rateLimitOff: !options.Attach)
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
var exitCode = 0;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
    AnsiConsole.MarkupLine("[yellow]interrupted: stopping after cleanup[/]");
};

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
        using (var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) }) // no token yet: Identity is what issues it
            await host.WaitReady(probe, TimeSpan.FromSeconds(120), [identity]);
        foreach (var service in ServiceHost.Services)
            host.Add(service, options.PortBase + Array.IndexOf(ServiceHost.Services, service) + 1);
        Log($"started Identity on port {options.PortBase + 5} and the four services on ports {options.PortBase + 1}-{options.PortBase + 4} (logs: {Path.Combine(logDirectory, "services")})");
    }

    await host.WaitReady(http, TimeSpan.FromSeconds(120));
    Log("all services ready");

    var checker = new InvariantChecker(http, infrastructure, () => host);
    var load = new LoadGenerator(http, () => host.Of("order"), () => host.Of("inventory")[0], () => host.Of("payment")[0], Log);
    var summary = new List<(string Scenario, bool Passed, int Orders, TimeSpan Duration, List<InvariantResult> Results)>();

    foreach (var scenario in options.Scenarios)
    {
        if (cancel.IsCancellationRequested)
            break;
        var started = Stopwatch.StartNew();
        AnsiConsole.Write(new Rule($"[bold]{scenario.Name}[/]: {Markup.Escape(scenario.Title)}").LeftJustified());
        var context = new ScenarioContext(settings, infrastructure, host, http, Log, options.ReplicaPortOffset);
        var products = await load.CreateProducts($"FI-{scenario.Name}-{runId}");
        var before = (await checker.Observe([], products)).DeadLetters.Select(InvariantChecker.Key).ToHashSet(StringComparer.Ordinal);

        await scenario.Before(context);
        var fault = scenario.Fault(context);
        Log($"load: {options.Rate.ToString(CultureInfo.InvariantCulture)} orders/s while the fault runs");
        var orders = await load.Run(products, options.Rate, options.MinimumOrders, fault, scenario.Name);
        var accepted = orders.Count(o => o.OrderId is not null);
        Log($"load done: {orders.Count} orders sent, {accepted} accepted (202), {orders.Count - accepted} not accepted, "
            + $"{orders.Sum(o => o.Attempts) - orders.Count} POST retries");
        foreach (var rejected in orders.Where(o => o.OrderId is null).Take(5))
            Log($"  not accepted {rejected.Kind}: {rejected.Rejection?[..Math.Min(rejected.Rejection.Length, 160)]}");

        var expectedDeadLetters = 0;
        foreach (var message in context.Injected)
            expectedDeadLetters += (await infrastructure.QueuesFor(message.Exchange, message.RoutingKey)).Count;

        // Settle: re-check until every invariant holds or the deadline passes (late approvals need 15 s + refund).
        Log($"settling: checking the invariants until they hold (at most {options.SettleTimeout.TotalSeconds:0} s)");
        List<InvariantResult> results = [];
        await Wait.Until(async () =>
        {
            try
            {
                var observation = await checker.Observe(orders, products);
                results = InvariantChecker.Check(orders, products, observation, before, context.Injected, expectedDeadLetters);
                return results.All(r => r.Passed != false);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                results = [new InvariantResult("system answers the checks", false, exception.Message, [])];
                return false;
            }
        }, options.SettleTimeout, TimeSpan.FromSeconds(3));

        foreach (var cleanup in context.Cleanup)
            await cleanup();
        await host.WaitReady(http, TimeSpan.FromSeconds(120));

        var passed = results.All(r => r.Passed != false);
        exitCode |= passed ? 0 : 1;
        summary.Add((scenario.Name, passed, accepted, started.Elapsed, results));
        Report.Print(scenario.Name, results, started.Elapsed);
    }

    Report.Summary(summary.Select(s => (s.Scenario, s.Passed, s.Orders, s.Duration)).ToList(), clock.Elapsed);
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
}

return exitCode;
