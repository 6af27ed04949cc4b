using OrderSystem.Tests.Support;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OrderSystem.ServiceDefaults;

namespace OrderSystem.Tests.ServiceDefaults;

public sealed class ServiceDefaultsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public enum Colour
    {
        Red,
        Green,
    }

    public sealed record Paint(string Name, Colour Colour, int Litres);

    private static void MapPaintEndpoint(WebApplication app) =>
        app.MapPost("/paint", (Paint paint) => TypedResults.Ok(paint)).AllowAnonymous();

    [Fact]
    public async Task LivenessIsHealthyEvenWhenAReadyCheckFails()
    {
        await using var host = await ServiceDefaultsHost.StartAsync(builder => builder.Services.AddHealthChecks()
            .AddCheck("database", () => HealthCheckResult.Unhealthy("down"), tags: [HealthCheckTags.Ready]));

        var response = await host.Client.GetAsync("/health/live", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("status").GetString().Should().Be("Healthy");
        body.GetProperty("entries").TryGetProperty("self", out _).Should().BeTrue();
        body.GetProperty("entries").TryGetProperty("database", out _).Should().BeFalse();
    }

    [Fact]
    public async Task ReadinessIs503WhenAReadyCheckIsUnhealthy()
    {
        await using var host = await ServiceDefaultsHost.StartAsync(builder => builder.Services.AddHealthChecks()
            .AddCheck("database", () => HealthCheckResult.Unhealthy("connection refused"), tags: [HealthCheckTags.Ready]));

        var response = await host.Client.GetAsync("/health/ready", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("status").GetString().Should().Be("Unhealthy");
        var entry = body.GetProperty("entries").GetProperty("database");
        entry.GetProperty("status").GetString().Should().Be("Unhealthy");
        entry.GetProperty("description").GetString().Should().Be("connection refused");
        entry.GetProperty("duration").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task ReadinessIs200WithDegradedInTheBodyWhenAReadyCheckIsDegraded()
    {
        await using var host = await ServiceDefaultsHost.StartAsync(builder => builder.Services.AddHealthChecks()
            .AddCheck("broker", () => HealthCheckResult.Healthy(), tags: ["ready", "masstransit"])
            .AddCheck("database", () => HealthCheckResult.Degraded("slow"), tags: [HealthCheckTags.Ready]));

        var response = await host.Client.GetAsync("/health/ready", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("status").GetString().Should().Be("Degraded");
        body.GetProperty("entries").GetProperty("broker").GetProperty("status").GetString().Should().Be("Healthy");
        body.GetProperty("entries").GetProperty("database").GetProperty("status").GetString().Should().Be("Degraded");
    }

    [Fact]
    public async Task UnhandledExceptionGives500ProblemDetailsWithTraceId()
    {
        await using var host = await ServiceDefaultsHost.StartAsync(mapEndpoints: app =>
            app.MapGet("/boom", string () => throw new InvalidOperationException("secret internals")).AllowAnonymous());

        var response = await host.Client.GetAsync("/boom", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        var problem = await ServiceDefaultsHost.ReadProblemAsync(response);
        problem.GetProperty("status").GetInt32().Should().Be(500);
        problem.GetProperty("traceId").GetString().Should().NotBeNullOrWhiteSpace();
        problem.GetRawText().Should().NotContain("secret internals");
    }

    [Fact]
    public async Task UnknownRouteGives404ProblemDetails()
    {
        await using var host = await ServiceDefaultsHost.StartAsync();

        var response = await host.Client.GetAsync("/no-such-thing", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ServiceDefaultsHost.ReadProblemAsync(response)).GetProperty("status").GetInt32().Should().Be(404);
    }

    [Fact]
    public async Task WrongMethodGives405ProblemDetails()
    {
        await using var host = await ServiceDefaultsHost.StartAsync(mapEndpoints: MapPaintEndpoint);
        // The 405 answer is an endpoint without AllowAnonymous: anonymous callers learn only that they must sign in.
        host.Client.SignedIn(await TestIdentity.Token("ada"));

        var response = await host.Client.GetAsync("/paint", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        (await ServiceDefaultsHost.ReadProblemAsync(response)).GetProperty("status").GetInt32().Should().Be(405);
    }

    [Fact]
    public async Task ValidJsonBodyBindsWithCamelCaseAndEnumNames()
    {
        await using var host = await ServiceDefaultsHost.StartAsync(mapEndpoints: MapPaintEndpoint);

        var response = await host.Client.PostAsync("/paint", Json("""{"name":"wall","colour":"Green","litres":5}"""), Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Ct)).Should().Be("""{"name":"wall","colour":"Green","litres":5}""");
    }

    [Theory]
    [InlineData("""{"name":"wall","colour":"Green","litres":5""")]            // truncated
    [InlineData("""{"name":"wall","colour":"Green","litres":5,"extra":1}""")] // unknown property
    [InlineData("""{"name":"wall","colour":1,"litres":5}""")]                 // enum as number
    [InlineData("""{"name":"wall","colour":"Blue","litres":5}""")]            // unknown enum name
    [InlineData("""{"name":null,"colour":"Green","litres":5}""")]             // null for non-nullable
    [InlineData("""{"colour":"Green","litres":5}""")]                         // missing constructor parameter
    [InlineData("""{"name":"wall","colour":"Green","litres":"5"}""")]         // number as string
    public async Task MalformedOrInvalidJsonGives400ProblemDetails(string body)
    {
        await using var host = await ServiceDefaultsHost.StartAsync(mapEndpoints: MapPaintEndpoint);

        var response = await host.Client.PostAsync("/paint", Json(body), Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await ServiceDefaultsHost.ReadProblemAsync(response);
        problem.GetProperty("status").GetInt32().Should().Be(400);
        problem.GetProperty("detail").GetString().Should().Contain("JSON");
        problem.GetProperty("traceId").GetString().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task OversizeBodyGives413ProblemDetails()
    {
        await using var host = await ServiceDefaultsHost.StartAsync(
            mapEndpoints: MapPaintEndpoint,
            settings: new Dictionary<string, string?> { ["Http:MaxRequestBodyBytes"] = "1024" },
            useKestrel: true);
        var name = new string('x', 2048);

        var response = await host.Client.PostAsync("/paint", Json($$"""{"name":"{{name}}","colour":"Green","litres":5}"""), Ct);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        var problem = await ServiceDefaultsHost.ReadProblemAsync(response);
        problem.GetProperty("status").GetInt32().Should().Be(413);
        problem.GetProperty("detail").GetString().Should().Contain("1024 bytes");
    }

    [Fact]
    public async Task RequestBodyLimitDefaultsTo64KiB()
    {
        var app = ServiceDefaultsHost.Build();
        await using (app)
        {
            var kestrel = app.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>>().Value;
            kestrel.Limits.MaxRequestBodySize.Should().Be(64 * 1024);
        }
    }

    [Fact]
    public async Task SwaggerDocumentIsServedWithTheIdentitySignInOnProtectedOperationsOnly()
    {
        await using var host = await ServiceDefaultsHost.StartAsync(mapEndpoints: app =>
        {
            ServiceDefaultsHost.MapAdminGroup(app);
            MapPaintEndpoint(app);
            app.MapGet("/unmarked", () => "secret");
        });

        var response = await host.Client.GetAsync("/swagger/v1/swagger.json", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Identity");
        scheme.GetProperty("type").GetString().Should().Be("oauth2");
        var flow = scheme.GetProperty("flows").GetProperty("authorizationCode");
        flow.GetProperty("authorizationUrl").GetString().Should().Be(new Uri(TestIdentity.Authority, "connect/authorize").ToString());
        flow.GetProperty("tokenUrl").GetString().Should().Be(new Uri(TestIdentity.Authority, "connect/token").ToString());
        document.GetProperty("paths").GetProperty("/admin/ping").GetProperty("get")
            .GetProperty("security")[0].TryGetProperty("Identity", out _).Should().BeTrue();
        document.GetProperty("paths").GetProperty("/unmarked").GetProperty("get")
            .GetProperty("security")[0].TryGetProperty("Identity", out _).Should().BeTrue();
        document.GetProperty("paths").GetProperty("/paint").GetProperty("post")
            .TryGetProperty("security", out _).Should().BeFalse();

        var ui = await host.Client.GetAsync("/swagger/index.html", Ct);
        ui.StatusCode.Should().Be(HttpStatusCode.OK);
        var config = await host.Client.GetStringAsync("/swagger/index.js", Ct);
        config.Should().Contain("swagger-ui").And.Contain("usePkceWithAuthorizationCodeGrant");
    }

    [Fact]
    public async Task HealthEndpointsAnswerGetOnly()
    {
        await using var host = await ServiceDefaultsHost.StartAsync();
        host.Client.SignedIn(await TestIdentity.Token("ada"));

        var response = await host.Client.PostAsync("/health/live", content: null, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task PrometheusEndpointReportsTheServiceNameAndOtelServiceNameOverridesIt()
    {
        await using var plain = await ServiceDefaultsHost.StartAsync();
        await using var renamed = await ServiceDefaultsHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["OTEL_SERVICE_NAME"] = "renamed",
        });

        var plainMetrics = await plain.Client.GetStringAsync("/metrics", Ct);
        var renamedMetrics = await renamed.Client.GetStringAsync("/metrics", Ct);

        plainMetrics.Should().Contain("service_name=\"servicedefaults-test\"").And.Contain("service_instance_id=");
        renamedMetrics.Should().Contain("service_name=\"renamed\"");
    }

    [Fact]
    public async Task OrdersRateLimitPolicyRejectsWith429ProblemDetails()
    {
        await using var host = await ServiceDefaultsHost.StartAsync(
            mapEndpoints: app => app.MapGet("/orders", () => "ok").RequireRateLimiting(RateLimitPolicies.Orders).AllowAnonymous(),
            settings: new Dictionary<string, string?>
            {
                ["RateLimiting:Orders:PermitsPerSecond"] = "1",
                ["RateLimiting:Orders:Burst"] = "1",
            });

        var first = await host.Client.GetAsync("/orders", Ct);
        var second = await host.Client.GetAsync("/orders", Ct);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await ServiceDefaultsHost.ReadProblemAsync(second)).GetProperty("status").GetInt32().Should().Be(429);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
