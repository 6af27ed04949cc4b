namespace OrderSystem.FaultInjection.Faults;

/// <summary>Injects one fault and lifts it again; returns what happened. Durations are fixed here, periods are options.</summary>
public static class FaultInjector
{
    static readonly TimeSpan BrokerDown = TimeSpan.FromSeconds(8);
    static readonly TimeSpan PostgresDown = TimeSpan.FromSeconds(10);
    static readonly TimeSpan KilledFor = TimeSpan.FromSeconds(3);
    static readonly TimeSpan DuplicatesFor = TimeSpan.FromSeconds(20);
    static readonly TimeSpan ReplicasFor = TimeSpan.FromSeconds(30);
    static readonly TimeSpan LatencyFor = TimeSpan.FromSeconds(15);
    static readonly TimeSpan AddedLatency = TimeSpan.FromMilliseconds(250);
    static readonly TimeSpan RefuseAfterCut = TimeSpan.FromSeconds(3);
    static readonly TimeSpan TargetedCutWait = TimeSpan.FromSeconds(15);
    // A replica started while the machine carries the load (and the backlog a fault left) took more than 120 s to answer
    // /health/ready in the soak: its first database and dead-letter checks took 8-23 s each on two busy cores.
    static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(240);

    /// <summary>Malformed messages published per burst (one round of every shape).</summary>
    public const int MalformedRounds = 1;

    /// <summary>Injects <paramref name="planned"/> and waits until it is lifted.</summary>
    public static async Task<FaultRecord> Inject(PlannedFault planned, ScenarioContext c)
    {
        var service = planned.Service;
        var record = new FaultRecord(planned.Kind, Target(planned), DateTime.UtcNow);
        c.Faults.Add(record);
        switch (planned.Kind)
        {
            case FaultKind.Broker:
                c.Log("rabbitmqctl stop_app");
                await c.Infrastructure.StopBroker();
                await Task.Delay(BrokerDown);
                c.Log("rabbitmqctl start_app");
                await c.Infrastructure.StartBroker();
                break;
            case FaultKind.Connections:
                c.Log("rabbitmqctl close_all_connections (vhost only)");
                await c.Infrastructure.DropConnections();
                break;
            case FaultKind.Postgres:
                c.Log("pg_ctlcluster stop (fast)");
                await c.Infrastructure.StopPostgres();
                await Task.Delay(PostgresDown);
                c.Log("pg_ctlcluster start");
                await c.Infrastructure.StartPostgres();
                break;
            case FaultKind.Kill:
                var instances = c.Host.Of(service);
                var instance = instances[c.Random.Next(instances.Count)];
                record.Detail = $"{instance.Name} pid {instance.Pid}";
                c.Log($"kill -9 {instance.Name} (pid {instance.Pid})");
                ServiceHost.Kill(instance);
                await Task.Delay(KilledFor);
                c.Host.Start(instance);
                await c.Host.WaitReady(c.Http, ReadyTimeout, [instance]);
                c.Log($"{instance.Name} restarted (pid {instance.Pid}) and ready");
                break;
            case FaultKind.Duplicates:
                var stopDuplicating = await StartDuplicates(c);
                await Task.Delay(DuplicatesFor);
                await stopDuplicating();
                break;
            case FaultKind.Replicas:
                var stopReplicas = await StartReplicas(c);
                await Task.Delay(ReplicasFor);
                await stopReplicas();
                break;
            case FaultKind.Malformed:
                var burst = await MalformedMessages.Publish(c.Settings, c.Infrastructure.VirtualHost, MalformedRounds);
                lock (c.Injected)
                    c.Injected.AddRange(burst);
                c.Log($"published {burst.Count} malformed/unknown messages");
                break;
            case FaultKind.CutBroker or FaultKind.CutDatabase when c.Proxies is { } proxies:
                var proxy = planned.Kind == FaultKind.CutBroker ? proxies.Broker(service) : proxies.Database(service);
                var cut = proxy.CutAll(RefuseAfterCut);
                record.Detail = $"{cut} connections reset, new ones refused for {RefuseAfterCut.TotalSeconds:0} s";
                c.Log($"proxy {proxy.Name}: {record.Detail}");
                await Task.Delay(RefuseAfterCut);
                break;
            case FaultKind.Latency when c.Proxies is { } proxies:
                c.Log($"proxies of {service}: +{AddedLatency.TotalMilliseconds:0} ms per chunk for {LatencyFor.TotalSeconds:0} s");
                proxies.Broker(service).Latency = AddedLatency;
                proxies.Database(service).Latency = AddedLatency;
                await Task.Delay(LatencyFor);
                proxies.Broker(service).Latency = TimeSpan.Zero;
                proxies.Database(service).Latency = TimeSpan.Zero;
                break;
            case FaultKind.CutMidPublish or FaultKind.CutMidCommit when c.Proxies is { } proxies:
                var target = planned.Kind == FaultKind.CutMidPublish ? proxies.Broker(service) : proxies.Database(service);
                record.Effective = await target.CutAfterNextRequest(TargetedCutWait);
                record.Detail = record.Effective
                    ? planned.Kind == FaultKind.CutMidPublish ? "publish forwarded, reset before the confirm" : "COMMIT forwarded, reset before its answer"
                    : $"no request came through within {TargetedCutWait.TotalSeconds:0} s";
                c.Log($"proxy {target.Name}: {record.Detail}");
                break;
            default:
                record.Effective = false;
                record.Detail = "needs the runner's proxies (isolated mode)";
                break;
        }

        record.LiftedAt = DateTime.UtcNow;
        return record;
    }

    static string Target(PlannedFault planned) => planned.Kind switch
    {
        FaultKind.Broker or FaultKind.Connections => "rabbitmq",
        FaultKind.Postgres => "postgresql",
        FaultKind.Duplicates or FaultKind.Replicas or FaultKind.Malformed => "all services",
        _ => planned.Service,
    };

    /// <summary>Starts the duplicator; the returned function stops it.</summary>
    public static async Task<Func<Task>> StartDuplicates(ScenarioContext c)
    {
        var duplicator = await MessageDuplicator.Start(c.Settings, c.Infrastructure.VirtualHost);
        c.Log("duplicator bound with '#' to the four exchanges");
        return async () =>
        {
            c.Log($"duplicator published {duplicator.Duplicated} copies; stopped");
            await duplicator.DisposeAsync();
        };
    }

    /// <summary>Starts a second instance of every service; the returned function stops them.</summary>
    public static async Task<Func<Task>> StartReplicas(ScenarioContext c)
    {
        var replicas = ServiceHost.Services.Select(s => c.Host.Add(s, c.Host.Of(s)[0].Port + c.ReplicaPortOffset)).ToList();
        try
        {
            await c.Host.WaitReady(c.Http, ReadyTimeout, replicas);
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
        {
            foreach (var replica in replicas)
                await c.Host.Remove(replica); // the load must not be sent to a replica that never came up
            throw;
        }

        c.Log($"second replicas ready on {string.Join(", ", replicas.Select(r => r.Port))}");
        return async () =>
        {
            foreach (var replica in replicas)
                await c.Host.Remove(replica);
            c.Log("second replicas stopped");
        };
    }
}
