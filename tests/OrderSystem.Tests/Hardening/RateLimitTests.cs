using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using AwesomeAssertions;
using OrderSystem.Tests.Hosts;

namespace OrderSystem.Tests.Hardening;

/// <summary>
/// POST /orders of the real Order service is rate limited per signed-in caller (<c>sub</c>): beyond the burst a client
/// gets 429 with Retry-After, while another customer on the same address still has their own bucket.
/// </summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Post_orders_beyond_the_burst_gets_429_problem_details_with_retry_after_and_other_endpoints_are_not_limited()
    {
        await using var system = await SystemUnderTest.StartOrderAndInventory(new Dictionary<string, string?>
        {
            ["RateLimiting:Orders:PermitsPerSecond"] = "1",
            ["RateLimiting:Orders:Burst"] = "3",
        });
        var body = new { items = new[] { new { sku = "KB-001", quantity = 1 } }, payment = new { paymentMethodId = Guid.Empty } };

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10; i++)
        {
            var response = await system.Order.PostAsJsonAsync("/orders", body);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                limited ??= response;
        }

        statuses.Should().Contain(HttpStatusCode.TooManyRequests).And.Contain(HttpStatusCode.BadRequest);
        statuses.Count(s => s == HttpStatusCode.BadRequest).Should().BeLessThanOrEqualTo(4, "a burst of 3 (+1 token refilled at most) gets through");
        limited!.Headers.RetryAfter.Should().NotBeNull();
        limited.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await limited.Content.ReadFromJsonAsync<ProblemDetails>())!.Status.Should().Be(429);

        // Bob, from the same IP address, has a bucket of his own.
        using var bob = await system.Client("order", "bob");
        (await bob.PostAsJsonAsync("/orders", body)).StatusCode.Should().Be(HttpStatusCode.BadRequest, "the limit is per user, not per address");

        // Reads are not limited.
        for (var i = 0; i < 10; i++)
            (await system.Order.GetAsync("/orders?pageSize=1")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
