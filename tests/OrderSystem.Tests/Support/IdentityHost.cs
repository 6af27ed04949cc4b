using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Identity.Persistence;
using OrderSystem.ServiceDefaults;
using OrderSystem.Tests.Hosts;

namespace OrderSystem.Tests.Support;

/// <summary>
/// The real Identity service in-process on a real loopback port (the services fetch its discovery document and keys over
/// HTTP, as in production), on its own database, with the demo accounts and test machine clients. Tokens come from its
/// token endpoint: nothing is faked. Most tests use the one shared host (<see cref="TestIdentity"/>).
/// </summary>
public sealed class IdentityHost : IAsyncDisposable
{
    /// <summary>A machine client allowed every API scope.</summary>
    public const string MachineClient = "test-machine";

    /// <summary>A machine client allowed only the <c>orders</c> scope.</summary>
    public const string OrdersOnlyClient = "test-orders-only";

    /// <summary>The demo customers and the admin, as seeded by Identity (user name = subject).</summary>
    public static readonly string[] Users = ["ada", "bob", "admin"];

    readonly ServiceFactory<IdentityStoreDbContext> _factory;
    readonly string _database;
    readonly bool _ownsDatabase;
    readonly Dictionary<string, string?> _settings;
    readonly string _runSecret;
    readonly ConcurrentDictionary<string, Task<string>> _tokens = new();
    readonly HttpClient _http;

    IdentityHost(ServiceFactory<IdentityStoreDbContext> factory, string database, bool ownsDatabase, Dictionary<string, string?> settings,
        Uri baseAddress, string runSecret)
    {
        _factory = factory;
        _runSecret = runSecret;
        _database = database;
        _ownsDatabase = ownsDatabase;
        _settings = settings;
        BaseAddress = baseAddress;
        _http = new HttpClient { BaseAddress = baseAddress };
    }

    /// <summary>The host's container, to look into its database or its Data Protection key ring.</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>Where Identity listens, e.g. <c>http://127.0.0.1:41234/</c>: the services' <c>Identity:Authority</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The password of a demo account in this test run (random per run, like a real .env).</summary>
    public string Password(string user) => PasswordOf(user, _runSecret);

    /// <summary>The secret of a test machine client in this run.</summary>
    public string Secret(string clientId) => SecretOf(clientId, _runSecret);

    static string PasswordOf(string user, string runSecret) => $"test-{user}-{runSecret}";

    static string SecretOf(string clientId, string runSecret) => $"secret-{clientId}-{runSecret}";

    /// <summary>Starts Identity on a fresh database; <paramref name="settings"/> override the test defaults.</summary>
    public static async Task<IdentityHost> Start(Dictionary<string, string?>? settings = null)
    {
        var database = await RealInfrastructure.CreateDatabase("identity");
        var runSecret = Guid.NewGuid().ToString("N");
        var all = new Dictionary<string, string?>
        {
            ["Database:Provider"] = RealInfrastructure.DatabaseProvider,
            ["ConnectionStrings:Database"] = database,
            ["Identity:AllowPasswordGrant"] = "true",
            [$"Identity:Clients:{MachineClient}:Secret"] = SecretOf(MachineClient, runSecret),
            [$"Identity:Clients:{MachineClient}:Email"] = "machine@example.com",
            [$"Identity:Clients:{OrdersOnlyClient}:Secret"] = SecretOf(OrdersOnlyClient, runSecret),
            [$"Identity:Clients:{OrdersOnlyClient}:Email"] = "orders-only@example.com",
            [$"Identity:Clients:{OrdersOnlyClient}:Scopes:0"] = OrderSystemScopes.Orders,
        };
        for (var i = 0; i < OrderSystemScopes.All.Count; i++)
            all[$"Identity:Clients:{MachineClient}:Scopes:{i}"] = OrderSystemScopes.All[i];
        foreach (var user in Users)
            all[$"Identity:Users:{user}:Password"] = PasswordOf(user, runSecret);
        foreach (var (key, value) in settings ?? [])
            all[key] = value;

        return await Run(all, database, ownsDatabase: true, runSecret);
    }

    /// <summary>A second replica: the same settings and database, another process-like host (the database stays with this one).</summary>
    public Task<IdentityHost> StartReplica() => Run(_settings, _database, ownsDatabase: false, _runSecret);

    static async Task<IdentityHost> Run(Dictionary<string, string?> settings, string database, bool ownsDatabase, string runSecret)
    {
        var factory = new ServiceFactory<IdentityStoreDbContext>(settings);
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var host = new IdentityHost(factory, database, ownsDatabase, settings,
            new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/"), runSecret);
        await Wait.Until(async () => (await host._http.GetAsync("health/ready")).IsSuccessStatusCode, "Identity is ready", TimeSpan.FromSeconds(60));
        return host;
    }

    /// <summary>An access token for a demo account (password grant), cached per user and scopes.</summary>
    public Task<string> UserToken(string user, params string[] scopes) =>
        Cached($"user:{user}:{string.Join(' ', scopes)}", () => Issue(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "ordersystem-dev",
            ["username"] = user,
            ["password"] = Password(user),
            ["scope"] = string.Join(' ', scopes.Length > 0 ? scopes : [OrderSystemScopes.Orders]),
        }));

    /// <summary>An access token for a machine client (client credentials), cached per client and scopes.</summary>
    public Task<string> ClientToken(string clientId, params string[] scopes) =>
        Cached($"client:{clientId}:{string.Join(' ', scopes)}", () => Issue(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = Secret(clientId),
            ["scope"] = string.Join(' ', scopes),
        }));

    // One request per user and scopes for the whole run; a refusal is not remembered, so the next caller asks again.
    async Task<string> Cached(string key, Func<Task<string>> issue)
    {
        var task = _tokens.GetOrAdd(key, _ => issue());
        try
        {
            return await task;
        }
        catch
        {
            _tokens.TryRemove(new KeyValuePair<string, Task<string>>(key, task));
            throw;
        }
    }

    /// <summary>POSTs a raw token request and returns the answer (for tests of refusals).</summary>
    public Task<HttpResponseMessage> RequestToken(Dictionary<string, string> form) =>
        _http.PostAsync("connect/token", new FormUrlEncodedContent(form));

    async Task<string> Issue(Dictionary<string, string> form)
    {
        using var response = await RequestToken(form);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Identity refused the token request ({(int)response.StatusCode}): {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
        if (_ownsDatabase)
            await RealInfrastructure.DropDatabase(_database);
    }
}
