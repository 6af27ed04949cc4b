using System.Net.Sockets;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Testcontainers.MsSql;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;
using ContainerWait = DotNet.Testcontainers.Builders.Wait;

namespace OrderSystem.Testing;

/// <summary>
/// The RabbitMQ and database servers of this test run, found or started once per process (<see cref="GetAsync"/>).
/// <list type="number">
/// <item>When tests/run.sh exported <c>ORDERSYSTEM_TEST_*</c>, the local servers it started are used.</item>
/// <item>Otherwise, when a Docker engine is reachable, Testcontainers starts the RabbitMQ image docker-compose.yml pins and
/// <c>postgres:17</c> (or compose's SQL Server image with <c>ORDERSYSTEM_TEST_DATABASE=SqlServer</c>); Testcontainers' reaper removes
/// them when the test process ends.</item>
/// <item>Otherwise every test that needs them fails with a message saying to run tests/run.sh.</item>
/// </list>
/// Tests never share state through these servers: each test class takes its own <see cref="IsolatedBroker"/> and
/// <see cref="IsolatedDatabase"/>, usually through <see cref="InfrastructureFixture"/>.
/// </summary>
public sealed class TestInfrastructure : IAsyncDisposable
{
    /// <summary>AMQP host of the local broker.</summary>
    public const string RabbitMqHostVariable = "ORDERSYSTEM_TEST_RABBITMQ_HOST";

    /// <summary>AMQP port of the local broker.</summary>
    public const string RabbitMqPortVariable = "ORDERSYSTEM_TEST_RABBITMQ_PORT";

    /// <summary>Management API base URI of the local broker.</summary>
    public const string RabbitMqManagementUriVariable = "ORDERSYSTEM_TEST_RABBITMQ_MANAGEMENT_URI";

    /// <summary>Administrator of the local broker.</summary>
    public const string RabbitMqUserVariable = "ORDERSYSTEM_TEST_RABBITMQ_USER";

    /// <summary>Password of <see cref="RabbitMqUserVariable"/>.</summary>
    public const string RabbitMqPasswordVariable = "ORDERSYSTEM_TEST_RABBITMQ_PASSWORD";

    /// <summary>Connection string of a local PostgreSQL role allowed to create databases.</summary>
    public const string PostgresVariable = "ORDERSYSTEM_TEST_POSTGRES";

    /// <summary><c>Postgres</c> (default) or <c>SqlServer</c>.</summary>
    public const string DatabaseVariable = "ORDERSYSTEM_TEST_DATABASE";

    /// <summary>The RabbitMQ image docker-compose.yml pins (the one place; deploy/k8s is held to it by a test).</summary>
    public static string RabbitMqImage => ComposeImages.Of("rabbitmq");

    /// <summary>Pinned PostgreSQL image (compose runs SQL Server, so this one is the tests' own).</summary>
    public const string PostgresImage = "postgres:17";

    /// <summary>The SQL Server image docker-compose.yml pins.</summary>
    public static string SqlServerImage => ComposeImages.Of("sqlserver");

    static readonly string[] LocalVariables =
    [
        RabbitMqHostVariable, RabbitMqPortVariable, RabbitMqManagementUriVariable, RabbitMqUserVariable,
        RabbitMqPasswordVariable, PostgresVariable,
    ];

    static readonly Lazy<Task<TestInfrastructure>> Instance = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    readonly IReadOnlyList<IContainer> _containers;

    TestInfrastructure(BrokerServer broker, DatabaseServer database, string description, IReadOnlyList<IContainer> containers)
    {
        Broker = broker;
        Database = database;
        Description = description;
        _containers = containers;
    }

    /// <summary>The broker of this run.</summary>
    public BrokerServer Broker { get; }

    /// <summary>The database server of this run.</summary>
    public DatabaseServer Database { get; }

    /// <summary>Where the servers come from, for test output, e.g. "local servers (tests/run.sh)".</summary>
    public string Description { get; }

    /// <summary>The servers of this run, found or started on first use; later calls return the same instance.</summary>
    /// <exception cref="InvalidOperationException">Neither local servers nor a Docker engine are available.</exception>
    public static Task<TestInfrastructure> GetAsync() => Instance.Value;

    static async Task<TestInfrastructure> StartAsync()
    {
        var provider = ReadProvider();
        var set = LocalVariables.Where(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))).ToList();
        if (set.Count == LocalVariables.Length && provider == DatabaseProvider.Postgres)
            return FromEnvironment();
        if (set.Count > 0 && set.Count < LocalVariables.Length)
            throw new InvalidOperationException(
                $"Only some of the test server variables are set ({string.Join(", ", set)}); missing: " +
                $"{string.Join(", ", LocalVariables.Except(set))}. Run the tests with tests/run.sh, which sets all of them.");
        if (IsDockerReachable())
            return await FromContainersAsync(provider);
        throw new InvalidOperationException(
            "No RabbitMQ and database for the tests: the ORDERSYSTEM_TEST_* variables are not set and no Docker engine " +
            "is reachable. Run the tests with tests/run.sh (it installs and starts RabbitMQ and PostgreSQL and sets " +
            "the variables), or start Docker so that Testcontainers can run them" +
            (provider == DatabaseProvider.SqlServer ? " (SQL Server tests need Docker)." : "."));
    }

    static DatabaseProvider ReadProvider()
    {
        var value = Environment.GetEnvironmentVariable(DatabaseVariable);
        if (string.IsNullOrEmpty(value))
            return DatabaseProvider.Postgres;
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException($"{DatabaseVariable}={value} is not a provider: use Postgres or SqlServer.");
    }

    static TestInfrastructure FromEnvironment()
    {
        static string Get(string name) => Environment.GetEnvironmentVariable(name)!;
        if (!int.TryParse(Get(RabbitMqPortVariable), out var port))
            throw new InvalidOperationException($"{RabbitMqPortVariable}={Get(RabbitMqPortVariable)} is not a port number.");
        var managementUri = new Uri(Get(RabbitMqManagementUriVariable).TrimEnd('/') + "/");
        var broker = new BrokerServer(Get(RabbitMqHostVariable), port, managementUri, Get(RabbitMqUserVariable),
            Get(RabbitMqPasswordVariable));
        return new TestInfrastructure(broker, new DatabaseServer(DatabaseProvider.Postgres, Get(PostgresVariable)),
            "local servers (tests/run.sh)", []);
    }

    static async Task<TestInfrastructure> FromContainersAsync(DatabaseProvider provider)
    {
        const string user = "ordersystem-test";
        var password = Guid.NewGuid().ToString("N");
        var rabbit = new RabbitMqBuilder(RabbitMqImage)
            .WithUsername(user)
            .WithPassword(password)
            .WithPortBinding(15672, assignRandomHostPort: true)
            .WithWaitStrategy(ContainerWait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request
                .ForPort(15672).ForPath("/api/overview").WithBasicAuthentication(user, password)))
            .Build();
        IDatabaseContainer database = provider == DatabaseProvider.SqlServer
            ? new MsSqlBuilder(SqlServerImage).Build()
            : new PostgreSqlBuilder(PostgresImage).Build();
        var containers = new IContainer[] { rabbit, database };
        try
        {
            await Task.WhenAll(rabbit.StartAsync(), database.StartAsync());
        }
        catch
        {
            foreach (var container in containers)
                await container.DisposeAsync();
            throw;
        }

        var broker = new BrokerServer(rabbit.Hostname, rabbit.GetMappedPublicPort(5672),
            new Uri($"http://{rabbit.Hostname}:{rabbit.GetMappedPublicPort(15672)}/"), user, password);
        return new TestInfrastructure(broker, new DatabaseServer(provider, database.GetConnectionString()),
            $"Testcontainers ({RabbitMqImage}, {(provider == DatabaseProvider.SqlServer ? SqlServerImage : PostgresImage)})",
            containers);
    }

    // DOCKER_HOST names a remote or non-default engine; otherwise the default socket must accept a connection.
    static bool IsDockerReachable()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")))
            return true;
        const string socketPath = "/var/run/docker.sock";
        if (OperatingSystem.IsWindows())
            return File.Exists(@"\\.\pipe\docker_engine");
        if (!File.Exists(socketPath))
            return false;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Stops the containers this run started (none for local servers). Normally left to the reaper.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var container in _containers)
            await container.DisposeAsync();
    }
}
