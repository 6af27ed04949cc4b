namespace OrderSystem.FaultInjection;

/// <summary>What a scenario may use while it injects its fault.</summary>
public sealed class ScenarioContext(Settings settings, Infrastructure infrastructure, ServiceHost host, HttpClient http, Action<string> log, int replicaPortOffset)
{
    /// <summary>The settings.</summary>
    public Settings Settings { get; } = settings;

    /// <summary>Broker and database controls.</summary>
    public Infrastructure Infrastructure { get; } = infrastructure;

    /// <summary>The service processes.</summary>
    public ServiceHost Host { get; } = host;

    /// <summary>HTTP client (readiness checks).</summary>
    public HttpClient Http { get; } = http;

    /// <summary>Writes a timestamped progress line.</summary>
    public Action<string> Log { get; } = log;

    /// <summary>Second replicas listen on primary port + this.</summary>
    public int ReplicaPortOffset { get; } = replicaPortOffset;

    /// <summary>Malformed messages this scenario published.</summary>
    public List<MalformedMessage> Injected { get; } = [];

    /// <summary>Runs after the system settled and the invariants were checked (e.g. stop replicas, stop duplicating).</summary>
    public List<Func<Task>> Cleanup { get; } = [];
}

/// <summary>One fault to inject under load.</summary>
/// <param name="Name">Command-line name.</param>
/// <param name="Title">What it does.</param>
/// <param name="Before">Runs before the load starts (e.g. start replicas).</param>
/// <param name="Fault">Runs while the load runs; the load goes on until it completes.</param>
public sealed record Scenario(string Name, string Title, Func<ScenarioContext, Task> Before, Func<ScenarioContext, Task> Fault)
{
    static Task Nothing(ScenarioContext _) => Task.CompletedTask;

    /// <summary>Every scenario of the full run, in order.</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("broker", "RabbitMQ stop_app/start_app mid-load, then close_all_connections", Nothing, async c =>
        {
            await Task.Delay(TimeSpan.FromSeconds(6));
            await RestartBroker(c, TimeSpan.FromSeconds(8));
            await Task.Delay(TimeSpan.FromSeconds(8));
            c.Log("rabbitmqctl close_all_connections (vhost only)");
            await c.Infrastructure.DropConnections();
            await Task.Delay(TimeSpan.FromSeconds(8));
            c.Log("rabbitmqctl close_all_connections again");
            await c.Infrastructure.DropConnections();
            await Task.Delay(TimeSpan.FromSeconds(5));
            await c.Host.WaitReady(c.Http, TimeSpan.FromSeconds(120));
        }),
        new("kill", "kill -9 of each service in turn mid-load, then restart", Nothing, async c =>
        {
            foreach (var service in ServiceHost.Services)
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
                await KillAndRestart(c, service, TimeSpan.FromSeconds(3));
            }

            await Task.Delay(TimeSpan.FromSeconds(4));
        }),
        new("postgres", "PostgreSQL stopped for 10 s mid-load, then started", Nothing, async c =>
        {
            await Task.Delay(TimeSpan.FromSeconds(6));
            c.Log("pg_ctlcluster stop (fast)");
            await c.Infrastructure.StopPostgres();
            await Task.Delay(TimeSpan.FromSeconds(10));
            c.Log("pg_ctlcluster start");
            await c.Infrastructure.StartPostgres();
            await c.Host.WaitReady(c.Http, TimeSpan.FromSeconds(120));
            c.Log("all instances ready again");
            await Task.Delay(TimeSpan.FromSeconds(5));
        }),
        new("duplicates", "every message delivered twice (re-published with the same message id)", async c =>
        {
            var duplicator = await MessageDuplicator.Start(c.Settings, c.Infrastructure.VirtualHost);
            c.Log("duplicator bound with '#' to the four exchanges");
            c.Cleanup.Add(async () =>
            {
                c.Log($"duplicator published {duplicator.Duplicated} copies");
                await duplicator.DisposeAsync();
            });
        }, _ => Task.Delay(TimeSpan.FromSeconds(30))),
        new("replicas", "two replicas of every service at once", async c =>
        {
            var replicas = ServiceHost.Services.Select(s => c.Host.Add(s, c.Host.Of(s)[0].Port + c.ReplicaPortOffset)).ToList();
            await c.Host.WaitReady(c.Http, TimeSpan.FromSeconds(120), replicas);
            c.Log($"second replicas ready on {string.Join(", ", replicas.Select(r => r.Port))}");
            c.Cleanup.Add(async () =>
            {
                foreach (var replica in replicas)
                    await c.Host.Remove(replica);
                c.Log("second replicas stopped");
            });
        }, _ => Task.Delay(TimeSpan.FromSeconds(30))),
        new("malformed", "a burst of malformed and unknown messages on the topic exchanges", Nothing, async c =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            c.Injected.AddRange(await MalformedMessages.Publish(c.Settings, c.Infrastructure.VirtualHost, rounds: 3));
            c.Log($"published {c.Injected.Count} malformed/unknown messages");
            await Task.Delay(TimeSpan.FromSeconds(15));
        }),
    ];

    /// <summary>The CI subset: one broker restart and one kill -9 under a small load.</summary>
    public static Scenario Ci { get; } = new("ci", "CI subset: one RabbitMQ restart and one kill -9 (order) under a small load", Nothing, async c =>
    {
        await Task.Delay(TimeSpan.FromSeconds(4));
        await RestartBroker(c, TimeSpan.FromSeconds(5));
        await Task.Delay(TimeSpan.FromSeconds(4));
        await KillAndRestart(c, "order", TimeSpan.FromSeconds(2));
        await Task.Delay(TimeSpan.FromSeconds(3));
    });

    static async Task RestartBroker(ScenarioContext c, TimeSpan down)
    {
        c.Log("rabbitmqctl stop_app");
        await c.Infrastructure.StopBroker();
        await Task.Delay(down);
        c.Log("rabbitmqctl start_app");
        await c.Infrastructure.StartBroker();
        c.Log("broker up again");
    }

    static async Task KillAndRestart(ScenarioContext c, string service, TimeSpan down)
    {
        var instance = c.Host.Of(service)[0];
        c.Log($"kill -9 {instance.Name} (pid {instance.Pid})");
        ServiceHost.Kill(instance);
        await Task.Delay(down);
        c.Host.Start(instance);
        await c.Host.WaitReady(c.Http, TimeSpan.FromSeconds(120), [instance]);
        c.Log($"{instance.Name} restarted (pid {instance.Pid}) and ready");
    }
}
