using System.Net.Http.Headers;
using OrderSystem.Tests.Support;
using System.Net;
using AwesomeAssertions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using OrderSystem.ServiceDefaults;

namespace OrderSystem.Tests.ServiceDefaults;

/// <summary>The service defaults' authentication and authorization: bearer tokens, the admin policy, a token by default.</summary>
public sealed class ServiceDefaultsAuthorizationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task AdminGroupWithoutAValidTokenGives401ProblemDetails(string? token)
    {
        await using var host = await ServiceDefaultsHost.StartAsync(mapEndpoints: ServiceDefaultsHost.MapAdminGroup);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/ping");
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await host.Client.SendAsync(request, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");
        (await ServiceDefaultsHost.ReadProblemAsync(response)).GetProperty("status").GetInt32().Should().Be(401);
    }

    [Fact]
    public async Task AdminGroupRefusesACustomerWith403AndLetsAnAdminAndAnAdminScopedMachineIn()
    {
        await using var host = await ServiceDefaultsHost.StartAsync(mapEndpoints: ServiceDefaultsHost.MapAdminGroup);

        async Task<HttpStatusCode> Ping(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/ping");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return (await host.Client.SendAsync(request, Ct)).StatusCode;
        }

        (await Ping(await TestIdentity.Token("ada"))).Should().Be(HttpStatusCode.Forbidden);
        (await Ping(await TestIdentity.MachineToken(OrderSystemScopes.Orders))).Should().Be(HttpStatusCode.Forbidden);
        (await Ping(await TestIdentity.Token("admin"))).Should().Be(HttpStatusCode.OK);
        (await Ping(await TestIdentity.MachineToken(OrderSystemScopes.Admin))).Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnEndpointWithoutAPolicyStillNeedsATokenUnlessItAllowsAnonymousCallers()
    {
        await using var host = await ServiceDefaultsHost.StartAsync(mapEndpoints: app =>
        {
            app.MapGet("/unmarked", () => "secret");
            app.MapGet("/public", () => "hello").AllowAnonymous();
        });

        (await host.Client.GetAsync("/unmarked", Ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await host.Client.GetAsync("/public", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.Client.GetAsync("/health/live", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.Client.GetAsync("/metrics", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not a url")]
    public async Task StartUpFailsWhenTheIdentityAuthorityIsMissingOrNotAUrl(string? authority)
    {
        var settings = new Dictionary<string, string?> { ["Identity:Authority"] = authority };
        var app = ServiceDefaultsHost.Build(settings: settings);
        await using (app)
        {
            var start = () => app.StartAsync(Ct);

            (await start.Should().ThrowAsync<OptionsValidationException>())
                .Which.Message.Should().Contain("Identity:Authority");
        }
    }
}
