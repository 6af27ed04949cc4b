using System.Reflection;
using AwesomeAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using OrderSystem.Messaging.Hosting;
using OrderSystem.Testing;

namespace OrderSystem.Tests.BuildingBlocks.Hosting;

public sealed class PeriodicWorkTests
{
    /// <summary>Throws on its first pass, as a loop does when the database is down, then succeeds.</summary>
    sealed class FailsOnce() : PeriodicWork(NullLogger.Instance)
    {
        public int Passes;

        protected override TimeSpan Interval => TimeSpan.FromMilliseconds(20);

        protected override string FailureMessage => "failed";

        protected override Task RunOnceAsync(CancellationToken stoppingToken) =>
            Interlocked.Increment(ref Passes) == 1 ? throw new TimeoutException("database timeout") : Task.CompletedTask;
    }

    [Fact]
    public async Task A_pass_that_throws_is_logged_and_the_next_pass_runs_while_the_host_keeps_running()
    {
        var builder = Host.CreateApplicationBuilder();
        var work = new FailsOnce();
        builder.Services.AddSingleton<IHostedService>(work);
        using var host = builder.Build();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        await host.StartAsync();

        await Wait.Until(() => Volatile.Read(ref work.Passes) >= 3, "two passes after the failed one");

        lifetime.ApplicationStopping.IsCancellationRequested.Should().BeFalse("a failed pass must not stop the host (BackgroundServiceExceptionBehavior.StopHost)");
        await host.StopAsync();
    }

    /// <summary>The loops that are not periodic, each with its own catch-and-retry (and a test of it).</summary>
    static readonly string[] OwnRetryLoops = ["OutboxRelay`1", "CatalogueSyncOnStartup"];

    [Fact]
    public void Every_background_loop_of_the_system_is_periodic_work_or_retries_on_its_own()
    {
        Assembly[] assemblies =
        [
            typeof(PeriodicWork).Assembly, typeof(OrderSystem.Persistence.Outbox.OutboxRelayOptions).Assembly,
            typeof(OrderSystem.Order.Persistence.OrderDbContext).Assembly, typeof(OrderSystem.Inventory.Persistence.InventoryDbContext).Assembly,
            typeof(OrderSystem.Payment.Persistence.PaymentDbContext).Assembly, typeof(OrderSystem.Notification.Persistence.NotificationDbContext).Assembly,
        ];

        var loops = assemblies.SelectMany(a => a.GetTypes())
            .Where(t => !t.IsAbstract && typeof(BackgroundService).IsAssignableFrom(t))
            .ToList();

        loops.Should().NotBeEmpty();
        loops.Where(t => !typeof(PeriodicWork).IsAssignableFrom(t) && !OwnRetryLoops.Contains(t.Name)).Should().BeEmpty(
            "an exception escaping a BackgroundService stops the host: derive from PeriodicWork");
        OwnRetryLoops.Should().BeSubsetOf(loops.Select(t => t.Name));
    }
}
