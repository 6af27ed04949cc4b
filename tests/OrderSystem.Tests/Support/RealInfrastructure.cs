using System.Collections.Concurrent;
using OrderSystem.Testing;
using RabbitMQ.Client;

namespace OrderSystem.Tests.Support;

/// <summary>
/// The real RabbitMQ and database of this test run (local servers from tests/run.sh, or Testcontainers when a Docker
/// engine is available: see <see cref="TestInfrastructure"/>), and isolated vhosts and databases on them, handed out by
/// name and connection string for the in-process hosts' settings (made and removed by <see cref="IsolatedBroker"/> and
/// <see cref="IsolatedDatabase"/>).
/// </summary>
public static class RealInfrastructure
{
    static readonly ConcurrentDictionary<string, IsolatedDatabase> Databases = new();
    static readonly ConcurrentDictionary<string, IsolatedBroker> Brokers = new();
    static readonly string FingerprintKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    static TestInfrastructure Servers => TestInfrastructure.GetAsync().GetAwaiter().GetResult();

    /// <summary>Broker host.</summary>
    public static string RabbitHost => Servers.Broker.Host;

    /// <summary>Broker AMQP port.</summary>
    public static int RabbitPort => Servers.Broker.Port;

    /// <summary>Administrator able to create vhosts.</summary>
    public static string RabbitUser => Servers.Broker.Username;

    /// <summary>The administrator's password.</summary>
    public static string RabbitPassword => Servers.Broker.Password;

    /// <summary>Management API base URI.</summary>
    public static Uri ManagementUri => Servers.Broker.ManagementUri;

    /// <summary>The services' <c>Database:Provider</c> for this run: <c>Postgres</c>, or <c>SqlServer</c> in a container.</summary>
    public static string DatabaseProvider => Servers.Database.Provider.ToString();

    /// <summary>True when the run's database is PostgreSQL (some tests speak its protocol directly).</summary>
    public static bool IsPostgres => Servers.Database.Provider == OrderSystem.Testing.DatabaseProvider.Postgres;

    /// <summary>
    /// The settings every in-process host gives a service: this run's database provider and <paramref name="connectionString"/>,
    /// the broker on <paramref name="virtualHost"/> as the test administrator, and the shared Identity host
    /// (<see cref="TestIdentity"/>) as the authority whose tokens the service accepts. Hosts add what is their own.
    /// </summary>
    public static Dictionary<string, string?> ServiceSettings(string connectionString, string virtualHost, int? brokerPort = null) => new()
    {
        ["Database:Provider"] = DatabaseProvider,
        ["ConnectionStrings:Database"] = connectionString,
        ["RabbitMq:Host"] = RabbitHost,
        ["RabbitMq:Port"] = (brokerPort ?? RabbitPort).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RabbitMq:VirtualHost"] = virtualHost,
        ["RabbitMq:Username"] = RabbitUser,
        ["RabbitMq:Password"] = RabbitPassword,
        ["Identity:Authority"] = TestIdentity.Authority.ToString(),
        // Payment's card-fingerprint key: random per run, as a real one is secret per deployment (the others ignore it).
        ["PaymentMethods:FingerprintKey"] = FingerprintKey,
        // Plain HTTP on loopback; hosts built as Production would otherwise refuse the discovery document.
        ["Identity:RequireHttpsMetadata"] = "false",
    };

    /// <summary>An HTTP client for the management API.</summary>
    public static HttpClient Management() => Servers.Broker.CreateManagementClient();

    /// <summary>Creates a fresh vhost the administrator may use.</summary>
    public static async Task<string> CreateVirtualHost(string prefix)
    {
        var broker = await IsolatedBroker.CreateAsync(Servers.Broker, prefix);
        Brokers[broker.VirtualHost] = broker;
        return broker.VirtualHost;
    }

    /// <summary>Deletes a vhost made by <see cref="CreateVirtualHost"/>, everything in it, and the service users made for it.</summary>
    public static async Task DeleteVirtualHost(string name)
    {
        if (Brokers.TryRemove(name, out var broker))
            await broker.DisposeAsync();
    }

    /// <summary>Opens a connection to a vhost made by <see cref="CreateVirtualHost"/> as the administrator; the caller disposes it.</summary>
    public static Task<IConnection> ConnectAsAdministrator(string virtualHost, string clientName = "ordersystem-tests") =>
        Brokers[virtualHost].ConnectAsync(clientName);

    /// <summary>
    /// Creates a broker user for <paramref name="service"/> on <paramref name="virtualHost"/> with exactly the permissions the
    /// deployments grant that service (<see cref="BrokerPermissions.Of"/>), so a service host runs as least-privileged as in
    /// production; returns the settings that make a host use it. Deleted with the vhost.
    /// </summary>
    public static async Task<Dictionary<string, string?>> CreateServiceUser(string virtualHost, string service)
    {
        var user = $"{service}@{virtualHost}";
        var password = await Brokers[virtualHost].AddUserAsync(user, BrokerPermissions.Of(service));
        return new() { ["RabbitMq:Username"] = user, ["RabbitMq:Password"] = password };
    }

    /// <summary>Creates a fresh database named after <paramref name="prefix"/> (the service) and returns its connection string.</summary>
    public static async Task<string> CreateDatabase(string prefix)
    {
        var database = await IsolatedDatabase.CreateAsync(Servers.Database, prefix);
        Databases[database.ConnectionString] = database;
        return database.ConnectionString;
    }

    /// <summary>Drops a database created by <see cref="CreateDatabase"/>.</summary>
    public static async Task DropDatabase(string connectionString)
    {
        if (Databases.TryRemove(connectionString, out var database))
            await database.DisposeAsync();
    }
}
