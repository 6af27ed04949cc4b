using AwesomeAssertions;
using MassTransit;
using Npgsql;
using OrderSystem.Tests.BuildingBlocks;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.DeadLetters;

/// <summary>An outage is not a poison message: messages wait while the consumer's database is down.</summary>
public sealed class OutageTests : IAsyncLifetime
{
    const string RetryCategory = "OrderSystem.Messaging.Retry";
    readonly IsolatedInfrastructure _infrastructure = new();

    public ValueTask InitializeAsync() => _infrastructure.InitializeAsync();

    public ValueTask DisposeAsync() => _infrastructure.DisposeAsync();

    [Fact]
    public async Task A_database_outage_during_consumption_dead_letters_nothing_and_everything_is_processed_after_recovery()
    {
        // The service reaches PostgreSQL through a proxy that the test can cut, without touching the shared server.
        Assert.SkipUnless(RealInfrastructure.IsPostgres, "The outage is simulated with a TCP proxy in front of PostgreSQL.");
        var direct = new NpgsqlConnectionStringBuilder(_infrastructure.DatabaseConnectionString);
        await using var proxy = new TcpProxy(direct.Host!, direct.Port);
        var proxied = new NpgsqlConnectionStringBuilder(_infrastructure.DatabaseConnectionString)
        {
            Host = "127.0.0.1",
            Port = proxy.Port,
            Timeout = 3,
        }.ConnectionString;
        await using var host = await DeadLetterTestHost.Start(_infrastructure.VirtualHost, proxied);
        await using var broker = await RawBroker.Connect(_infrastructure.VirtualHost);
        var before = NewId.NextGuid();
        await host.Publish("BEFORE-OUTAGE", before);
        await Wait.Until(async () => await host.Consumed(before) == 1, "the service works before the outage");

        proxy.Cut();
        var ids = Enumerable.Range(0, 20).Select(_ => NewId.NextGuid()).ToList();
        foreach (var id in ids)
            await host.Publish("DURING-OUTAGE", id);

        // Well past the ordinary retry budget (5 retries): the outage path keeps retrying instead of dead-lettering.
        await Wait.Until(() => host.Logs.Count(RetryCategory, "outage retry 12") > 0, "messages kept waiting through many outage retries",
            TimeSpan.FromSeconds(60));
        (await broker.Count(DeadLetterTestHost.DeadLetterQueue)).Should().Be(0, "an outage is not a poison message");
        host.Logs.Count("OrderSystem.Messaging.DeadLetters", "Dead-lettered").Should().Be(0);

        proxy.Restore();

        await Wait.Until(async () =>
        {
            var consumed = 0;
            foreach (var id in ids)
                consumed += await host.Consumed(id);
            return consumed == ids.Count;
        }, "every message published during the outage was processed after recovery", TimeSpan.FromSeconds(60));
        foreach (var id in ids)
            (await host.Consumed(id)).Should().Be(1, "each message is processed exactly once");
        (await broker.Count(DeadLetterTestHost.DeadLetterQueue)).Should().Be(0);
        await Wait.Until(async () => await broker.Count(DeadLetterTestHost.Queue) == 0, "the queue drained");
    }
}
