using System.Diagnostics;
using System.Net;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Contracts;
using OrderSystem.Order.Persistence;
using OrderSystem.ServiceDefaults;
using OrderSystem.Testing;
using OrderSystem.Tests.Hosts;

namespace OrderSystem.Tests.Hardening;

/// <summary>
/// The scale run's kill scenario: Order restarted under 20 orders/s with every client retrying, took more requests at
/// once than its 100 database connections, every request and the readiness check then waited 15 s for a connection and
/// failed, the clients retried, and Order answered nothing for eight minutes. A service must shed what it cannot serve.
/// </summary>
public sealed class LoadSheddingTests
{
    [Fact]
    public async Task Requests_beyond_what_the_service_can_serve_get_a_fast_503_and_readiness_still_answers()
    {
        await using var order = await InProcessService.Start<OrderDbContext>("order", Exchanges.Order);
        using var admin = await order.Client("admin");
        using var probe = await order.Client(null);

        // A database that answers nothing: every request that reaches it holds a pooled connection until the lock goes.
        await using var scope = order.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
        await using var blocker = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("LOCK TABLE \"Orders\" IN ACCESS EXCLUSIVE MODE");

        var clock = Stopwatch.StartNew();
        var requests = Enumerable.Range(0, 150).Select(async _ =>
        {
            using var response = await admin.GetAsync("/orders?pageSize=1");
            return (response.StatusCode, RetryAfter: response.Headers.RetryAfter is not null, clock.Elapsed);
        }).ToList();

        await Wait.Until(() => requests.Count(r => r.IsCompleted) >= 100, "most requests were answered while the lock is held",
            TimeSpan.FromSeconds(10));
        var early = requests.Where(r => r.IsCompleted).Select(r => r.Result).ToList();
        early.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.ServiceUnavailable && r.RetryAfter,
            "a request that cannot get a turn is told to come back (503 + Retry-After), not left waiting for a connection");

        var readiness = Stopwatch.StartNew();
        using (var ready = await probe.GetAsync("/health/ready"))
        {
            readiness.Stop();
            ready.StatusCode.Should().Be(HttpStatusCode.OK, "the database answers: only the table is locked");
            readiness.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "readiness must not queue behind requests for a connection");
        }

        // An overloaded service is exactly when its metrics are wanted: the scrape is never shed.
        for (var scrape = 0; scrape < 5; scrape++)
        {
            using var metrics = await probe.GetAsync(TelemetryNames.PrometheusPath);
            metrics.StatusCode.Should().Be(HttpStatusCode.OK, "a Prometheus scrape during overload must not get 503");
        }

        await blocker.RollbackAsync();
        var all = await Task.WhenAll(requests);
        all.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.ServiceUnavailable);
        all.Count(r => r.StatusCode == HttpStatusCode.OK).Should().BeGreaterThan(0, "the requests that got a turn are served once the lock goes");
    }
}
