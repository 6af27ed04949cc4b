using System.Net.Http.Json;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.ServiceDefaults;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.ServiceDefaults;

/// <summary>A minimal web app that uses only the service defaults, so they are tested without any service.</summary>
internal sealed class ServiceDefaultsHost : IAsyncDisposable
{
    /// <summary>
    /// The settings every test host starts from: the shared test Identity as the token authority, reached over plain
    /// HTTP on loopback (the slim builder runs as Production, where HTTPS metadata is otherwise required).
    /// </summary>
    static Dictionary<string, string?> DefaultSettings() => new()
    {
        ["Identity:Authority"] = TestIdentity.Authority.ToString(),
        ["Identity:RequireHttpsMetadata"] = "false",
    };

    private ServiceDefaultsHost(WebApplication app, HttpClient client)
    {
        App = app;
        Client = client;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    /// <summary>Builds the app without starting it, for tests about start-up itself.</summary>
    public static WebApplication Build(
        Action<WebApplicationBuilder>? configureBuilder = null,
        Action<WebApplication>? mapEndpoints = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        bool useKestrel = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // A test's settings win; a null value removes a default (for tests about missing settings).
        var all = DefaultSettings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        builder.Configuration.AddInMemoryCollection(all);
        if (useKestrel)
        {
            // Kestrel, not the test server, enforces MaxRequestBodySize; loopback and a free port only.
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.AddServiceDefaults("servicedefaults-test");
        configureBuilder?.Invoke(builder);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        mapEndpoints?.Invoke(app);
        return app;
    }

    public static async Task<ServiceDefaultsHost> StartAsync(
        Action<WebApplicationBuilder>? configureBuilder = null,
        Action<WebApplication>? mapEndpoints = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        bool useKestrel = false)
    {
        var app = Build(configureBuilder, mapEndpoints, settings, useKestrel);
        await app.StartAsync(TestContext.Current.CancellationToken);
        HttpClient client;
        if (useKestrel)
        {
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            client = new HttpClient { BaseAddress = new Uri(address) };
        }
        else
        {
            client = app.GetTestClient();
        }
        return new ServiceDefaultsHost(app, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>Maps GET /admin/ping behind the admin policy.</summary>
    public static void MapAdminGroup(WebApplication app) =>
        app.MapGroup("/admin").RequireAuthorization(AuthorizationPolicies.Admin).MapGet("/ping", () => "pong");

    /// <summary>Checks the response is ProblemDetails and reads its body.</summary>
    public static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }
}
