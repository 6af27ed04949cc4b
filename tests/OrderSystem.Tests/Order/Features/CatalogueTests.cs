using System.Net;
using System.Net.Http.Json;
using AwesomeAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OrderSystem.Inventory.Features.ChangeProduct;
using OrderSystem.Order.Persistence;
using OrderSystem.Tests.Hosts;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.Order.Features;

/// <summary>
/// Catalogue: Order's replica of Inventory's catalogue follows Inventory's <c>ProductUpdated</c> events (on the whole
/// system), and the catalogue request at start-up survives a database outage (on Order alone, behind TCP proxies).
/// </summary>
public sealed class CatalogueTests(SystemFixture<ShortSagaTimeouts> fixture, IsolatedInfrastructure infrastructure)
    : IClassFixture<SystemFixture<ShortSagaTimeouts>>, IClassFixture<IsolatedInfrastructure>
{
    readonly SystemUnderTest _system = fixture.System;

    [Fact]
    public async Task Catalogue_change_reaches_the_order_replica()
    {
        const string approved = "4242424242424242";
        var sku = await _system.CreateProduct(onHand: 50, price: 10m);
        await _system.PlaceOrder(sku, 1, approved);

        var change = await _system.Inventory.PutAsJsonAsync($"/products/{sku}", new ChangeProduct.Request("Repriced widget", 15.25m));
        change.StatusCode.Should().Be(HttpStatusCode.OK, await change.Content.ReadAsStringAsync());

        await Wait.Until(async () =>
        {
            var id = await _system.PlaceOrder(sku, 2, approved);
            return (await _system.GetOrder(id)).Total == 30.50m;
        }, "new orders are priced from the updated replica", TimeSpan.FromSeconds(90));
    }

    /// <summary>
    /// Order asks Inventory for the catalogue once its bus is up. Found in the hour-long soak: a second Order replica started
    /// while the database timed out, the one-shot request threw, and the host stopped (BackgroundServiceExceptionBehavior
    /// StopHost), so the replica never became ready. A database outage at that moment must delay the request, not kill Order.
    /// </summary>
    [Fact]
    public async Task A_database_outage_when_the_bus_comes_up_delays_the_catalogue_request_and_Order_keeps_running()
    {
        // The broker is out of reach at first, so the request waits for the bus; the database is reachable for migrations.
        await using var brokerProxy = new TcpProxy(RealInfrastructure.RabbitHost, RealInfrastructure.RabbitPort);
        brokerProxy.Cut();
        var database = new NpgsqlConnectionStringBuilder(infrastructure.DatabaseConnectionString);
        await using var databaseProxy = new TcpProxy(database.Host!, database.Port);
        database.Host = "127.0.0.1";
        database.Port = databaseProxy.Port;
        database.Pooling = false; // every attempt opens a new connection through the proxy

        var settings = RealInfrastructure.ServiceSettings(database.ConnectionString, infrastructure.VirtualHost, brokerProxy.Port);
        foreach (var (key, value) in await RealInfrastructure.CreateServiceUser(infrastructure.VirtualHost, "order"))
            settings[key] = value;
        var logs = new LogCapture();
        await using var factory = new ServiceFactory<OrderDbContext>(settings, logs);
        _ = factory.Services; // starts the host: migrations have run once this returns
        var lifetime = factory.Services.GetRequiredService<IHostApplicationLifetime>();

        // Now the database goes away and the broker comes back: the request is attempted against a dead database.
        databaseProxy.Cut();
        brokerProxy.Restore();
        bool SyncFailedOrHostStopping() => lifetime.ApplicationStopping.IsCancellationRequested
            || logs.Entries.Any(e => e.StartsWith("OrderSystem.Order.Features.Catalogue.CatalogueSyncOnStartup Warning", StringComparison.Ordinal));
        await Wait.Until(SyncFailedOrHostStopping, "the catalogue request failed on the database (or Order stopped)", TimeSpan.FromSeconds(60));
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "Order stopped because the catalogue request failed once");

        databaseProxy.Restore();
        await Wait.Until(() => logs.Entries.Any(e => e.Contains("Asked Inventory for the catalogue", StringComparison.Ordinal)),
            "the catalogue request went out once the database was back", TimeSpan.FromSeconds(60));
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
    }
}
