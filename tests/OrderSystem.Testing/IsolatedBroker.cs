using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using RabbitMQ.Client;

namespace OrderSystem.Testing;

/// <summary>
/// A fresh RabbitMQ virtual host for one test class, created through the management HTTP API and deleted (with
/// everything in it) on dispose. Exchanges, queues and bindings of one class are invisible to every other class, so
/// test classes run in parallel on one broker without seeing each other's messages.
/// </summary>
public sealed class IsolatedBroker : IAsyncDisposable
{
    readonly HttpClient _management;
    readonly List<string> _users = [];
    bool _disposed;

    IsolatedBroker(BrokerServer server, string virtualHost, HttpClient management)
    {
        Server = server;
        VirtualHost = virtualHost;
        _management = management;
    }

    /// <summary>The broker this virtual host lives on.</summary>
    public BrokerServer Server { get; }

    /// <summary>AMQP host name.</summary>
    public string Host => Server.Host;

    /// <summary>AMQP port.</summary>
    public int Port => Server.Port;

    /// <summary>The virtual host of this test class, e.g. <c>test-3f2a…</c>.</summary>
    public string VirtualHost { get; }

    /// <summary>User with full permissions on <see cref="VirtualHost"/> (the test run's broker administrator).</summary>
    public string Username => Server.Username;

    /// <summary>Password of <see cref="Username"/>.</summary>
    public string Password => Server.Password;

    /// <summary>
    /// Creates a virtual host named <c>&lt;prefix&gt;-&lt;guid&gt;</c> and gives the administrator full permissions on it.
    /// </summary>
    /// <param name="server">The broker (see <see cref="TestInfrastructure.Broker"/>).</param>
    /// <param name="prefix">Readable start of the name, e.g. the test class; shown in the management UI.</param>
    /// <param name="cancellationToken">Cancels the HTTP calls.</param>
    public static async Task<IsolatedBroker> CreateAsync(BrokerServer server, string prefix = "test",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var name = $"{Sanitize(prefix)}-{Guid.NewGuid():N}";
        var management = server.CreateManagementClient();
        try
        {
            await Expect(await management.PutAsJsonAsync($"api/vhosts/{Escape(name)}",
                new { description = "OrderSystem test class; deleted when the class ends" }, cancellationToken),
                $"create vhost {name}", cancellationToken);
            await Expect(await management.PutAsJsonAsync($"api/permissions/{Escape(name)}/{Escape(server.Username)}",
                new { configure = ".*", write = ".*", read = ".*" }, cancellationToken),
                $"grant {server.Username} permissions on vhost {name}", cancellationToken);
            return new IsolatedBroker(server, name, management);
        }
        catch
        {
            management.Dispose();
            throw;
        }
    }

    /// <summary>A connection factory for <see cref="VirtualHost"/> as <see cref="Username"/>.</summary>
    public ConnectionFactory CreateConnectionFactory() => new()
    {
        HostName = Host,
        Port = Port,
        VirtualHost = VirtualHost,
        UserName = Username,
        Password = Password,
        AutomaticRecoveryEnabled = false,
    };

    /// <summary>Opens a RabbitMQ.Client connection to <see cref="VirtualHost"/>; the caller disposes it.</summary>
    /// <param name="clientName">Connection name shown in the management UI.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    public Task<IConnection> ConnectAsync(string clientName = "ordersystem-tests", CancellationToken cancellationToken = default) =>
        CreateConnectionFactory().CreateConnectionAsync(clientName, cancellationToken);

    /// <summary>
    /// An HTTP client for the management API (base address <see cref="BrokerServer.ManagementUri"/>, administrator
    /// credentials); the caller disposes it. Paths are relative, e.g. <c>api/queues/{vhost}</c>.
    /// </summary>
    public HttpClient CreateManagementClient() => Server.CreateManagementClient();

    /// <summary>
    /// Creates a broker user with <paramref name="permissions"/> on <see cref="VirtualHost"/> only (say, a service's, from
    /// <see cref="BrokerPermissions.Of"/>) and returns its random password. The user is deleted with the virtual host.
    /// </summary>
    /// <param name="user">User name, unique on the broker (e.g. <c>order@&lt;vhost&gt;</c>).</param>
    /// <param name="permissions">What the user may configure, write and read.</param>
    /// <param name="cancellationToken">Cancels the HTTP calls.</param>
    public async Task<string> AddUserAsync(string user, BrokerPermissions permissions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        lock (_users)
            _users.Add(user);
        await Expect(await _management.PutAsJsonAsync($"api/users/{Escape(user)}", new { password, tags = "" }, cancellationToken),
            $"create user {user}", cancellationToken);
        await Expect(await _management.PutAsJsonAsync($"api/permissions/{Escape(VirtualHost)}/{Escape(user)}",
            new { configure = permissions.Configure, write = permissions.Write, read = permissions.Read }, cancellationToken),
            $"grant {user} permissions on vhost {VirtualHost}", cancellationToken);
        return password;
    }

    /// <summary>Whether a queue exists in <see cref="VirtualHost"/>, asked through the management API.</summary>
    /// <param name="queue">Queue name.</param>
    /// <param name="cancellationToken">Cancels the HTTP call.</param>
    public async Task<bool> QueueExistsAsync(string queue, CancellationToken cancellationToken = default)
    {
        using var response = await _management.GetAsync($"api/queues/{Escape(VirtualHost)}/{Escape(queue)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return false;
        await Expect(response, $"look up queue {queue}", cancellationToken);
        return true;
    }

    /// <summary>Whether <see cref="VirtualHost"/> still exists on the broker.</summary>
    /// <param name="cancellationToken">Cancels the HTTP call.</param>
    public async Task<bool> VirtualHostExistsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _management.GetAsync($"api/vhosts/{Escape(VirtualHost)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return false;
        await Expect(response, $"look up vhost {VirtualHost}", cancellationToken);
        return true;
    }

    /// <summary>Deletes the virtual host with all its exchanges, queues and connections, and the users made for it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        try
        {
            using var response = await _management.DeleteAsync($"api/vhosts/{Escape(VirtualHost)}");
            if (response.StatusCode != HttpStatusCode.NotFound)
                await Expect(response, $"delete vhost {VirtualHost}", CancellationToken.None);
            foreach (var user in _users)
            {
                using var deleted = await _management.DeleteAsync($"api/users/{Escape(user)}");
                if (deleted.StatusCode != HttpStatusCode.NotFound)
                    await Expect(deleted, $"delete user {user}", CancellationToken.None);
            }
        }
        finally
        {
            _management.Dispose();
        }
    }

    static async Task Expect(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new InvalidOperationException(
            $"RabbitMQ management API: could not {what}: {(int)response.StatusCode} {response.ReasonPhrase} {body}");
    }

    static string Escape(string segment) => Uri.EscapeDataString(segment);

    static string Sanitize(string prefix)
    {
        var kept = new string(prefix.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').ToArray());
        return kept.Length == 0 ? "test" : kept[..Math.Min(kept.Length, 40)];
    }
}
