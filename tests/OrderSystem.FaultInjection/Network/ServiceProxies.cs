using System.Net;
using System.Net.Sockets;

namespace OrderSystem.FaultInjection.Network;

/// <summary>
/// Two <see cref="FaultProxy"/>s per service, one in front of RabbitMQ and one in front of PostgreSQL; in isolated mode
/// every instance of the service is started with its broker port and connection string pointing at them.
/// </summary>
public sealed class ServiceProxies : IAsyncDisposable
{
    readonly Dictionary<string, (FaultProxy Broker, FaultProxy Database)> _proxies = [];

    /// <summary>Starts the eight proxies.</summary>
    public ServiceProxies(Settings settings)
    {
        var broker = new IPEndPoint(Loopback(settings["RABBITMQ_HOST"]), settings.Number("RABBITMQ_PORT", 5672));
        var database = new IPEndPoint(Loopback(settings["POSTGRES_HOST"]), settings.Number("POSTGRES_PORT", 5432));
        foreach (var service in ServiceHost.Services)
        {
            _proxies[service] = (
                new FaultProxy($"{service}→rabbitmq", broker, () => new AmqpPublishScanner()),
                new FaultProxy($"{service}→postgres", database, () => new PostgresCommitScanner()));
        }
    }

    // Every target stays on this machine: a host that is not loopback is refused rather than proxied.
    static IPAddress Loopback(string host)
    {
        var address = Dns.GetHostAddresses(host is { Length: > 0 } ? host : "localhost").FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
        if (address is null || !IPAddress.IsLoopback(address))
            throw new InvalidOperationException($"The fault proxies only forward to loopback; '{host}' is not.");
        return address;
    }

    /// <summary>The proxy between <paramref name="service"/> and RabbitMQ.</summary>
    public FaultProxy Broker(string service) => _proxies[service].Broker;

    /// <summary>The proxy between <paramref name="service"/> and PostgreSQL.</summary>
    public FaultProxy Database(string service) => _proxies[service].Database;

    /// <summary>The settings that send <paramref name="service"/>'s connections through its proxies.</summary>
    public IReadOnlyDictionary<string, string> Overrides(string service, string connectionString) => new Dictionary<string, string>
    {
        ["RabbitMq__Host"] = "127.0.0.1",
        ["RabbitMq__Port"] = Broker(service).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Plain TCP so that the proxy can read the protocol (loopback only).
        ["ConnectionStrings__Database"] = string.Join(';', connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) && !p.StartsWith("Port=", StringComparison.OrdinalIgnoreCase)
                && !p.StartsWith("SSL Mode=", StringComparison.OrdinalIgnoreCase))
            .Concat(["Host=127.0.0.1", $"Port={Database(service).Port}", "SSL Mode=Disable"])),
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var (broker, database) in _proxies.Values)
        {
            await broker.DisposeAsync();
            await database.DisposeAsync();
        }
    }
}
