using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrderSystem.AppHost;

/// <summary>
/// The servers and shared settings of the local run, and how one service is wired to them. Settings are read under the
/// names of <c>.env</c> (up.sh exports them), so the AppHost and the scripts cannot disagree; passwords and client
/// secrets are secret parameters (masked in the dashboard), the rest plain settings with .env.example's defaults.
/// </summary>
public sealed class LocalSystem
{
    readonly IDistributedApplicationBuilder _builder;
    readonly IResourceBuilder<ParameterResource> _postgresPassword;
    string? _identityUrl;
    readonly ServiceLogFiles _logFiles;

    LocalSystem(IDistributedApplicationBuilder builder, ServiceLogFiles logFiles)
    {
        _builder = builder;
        _logFiles = logFiles;
        _postgresPassword = builder.AddParameterFromConfiguration("postgres-password", "POSTGRES_PASSWORD", secret: true);
    }

    /// <summary>Reads the shared settings and, when <c>LOG_DIRECTORY</c> is set, copies each service's console to a file there.</summary>
    public static LocalSystem Create(IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var logFiles = new ServiceLogFiles(builder.Configuration["LOG_DIRECTORY"]);
        builder.Services.AddSingleton(logFiles);
        builder.Services.AddHostedService<ServiceLogFileWriter>();
        return new LocalSystem(builder, logFiles);
    }

    /// <summary>
    /// Adds the Identity service on <c>IDENTITY_PORT</c> (default <paramref name="defaultPort"/>) with its database
    /// <c>ordersystem_identity</c>, the demo accounts' passwords and the machine clients' secrets from .env, and the
    /// development-only password grant on; the other services trust the tokens it issues.
    /// </summary>
    public IResourceBuilder<ProjectResource> AddIdentity<TProject>(int defaultPort)
        where TProject : IProjectMetadata, new()
    {
        var port = Port("identity", defaultPort);
        _identityUrl = $"http://localhost:{port}/";
        var identity = AddProject<TProject>("identity", port)
            .WithEnvironment("Identity__Issuer", _identityUrl)
            .WithEnvironment("Identity__RequireHttps", "false")
            .WithEnvironment("Identity__AllowPasswordGrant", "true");
        foreach (var (user, variable) in DemoAccounts)
            identity.WithEnvironment($"Identity__Users__{user}__Password", Secret($"identity-{user}-password", variable));
        foreach (var (client, variable) in MachineClients)
            identity.WithEnvironment($"Identity__Clients__{client}__Secret", Secret($"identity-{client}-secret", variable));
        return identity;
    }

    /// <summary>The demo accounts (user name, .env variable of the password).</summary>
    public static IReadOnlyList<(string User, string Variable)> DemoAccounts { get; } =
        [("ada", "IDENTITY_ADA_PASSWORD"), ("bob", "IDENTITY_BOB_PASSWORD"), ("admin", "IDENTITY_ADMIN_PASSWORD")];

    static readonly (string Client, string Variable)[] MachineClients =
        [("benchmark", "IDENTITY_BENCHMARK_SECRET"), ("faultinjection", "IDENTITY_FAULT_INJECTION_SECRET"), ("scripts", "IDENTITY_SCRIPTS_SECRET")];

    /// <summary>
    /// Adds service <paramref name="name"/> on port <c>&lt;NAME&gt;_PORT</c> (default <paramref name="defaultPort"/>): its
    /// database <c>ordersystem_&lt;name&gt;</c>, its broker user <c>&lt;name&gt;</c> with password
    /// <c>&lt;NAME&gt;_BROKER_PASSWORD</c>, Identity as the authority of its tokens, and OTLP export to the dashboard.
    /// Call <see cref="AddIdentity{TProject}"/> first.
    /// </summary>
    public IResourceBuilder<ProjectResource> AddService<TProject>(string name, int defaultPort)
        where TProject : IProjectMetadata, new()
    {
        var authority = _identityUrl ?? throw new InvalidOperationException("Add Identity before the services that trust it.");
        return AddProject<TProject>(name, Port(name, defaultPort))
            .WithEnvironment("RabbitMq__Host", Setting("RABBITMQ_HOST", "localhost"))
            .WithEnvironment("RabbitMq__Port", Setting("RABBITMQ_PORT", "5672"))
            .WithEnvironment("RabbitMq__VirtualHost", Setting("RABBITMQ_VHOST", "ordersystem"))
            .WithEnvironment("RabbitMq__Username", name)
            .WithEnvironment("RabbitMq__Password", Secret($"{name}-broker-password", $"{name.ToUpperInvariant()}_BROKER_PASSWORD"))
            .WithEnvironment("Identity__Authority", authority)
            .WithEnvironment("RateLimiting__Orders__PermitsPerSecond", Setting("ORDER_RATE_LIMIT_PER_SECOND", "20"))
            .WithEnvironment("RateLimiting__Orders__Burst", Setting("ORDER_RATE_LIMIT_BURST", "40"))
            .WithEnvironment("Smtp__Host", Setting("SMTP_HOST", ""))
            .WithEnvironment("Smtp__Port", Setting("SMTP_PORT", "1025"));
    }

    /// <summary>What every process of the local run shares: port, database, Development, log file, telemetry.</summary>
    IResourceBuilder<ProjectResource> AddProject<TProject>(string name, int port)
        where TProject : IProjectMetadata, new()
    {
        var database = _builder.AddConnectionString($"{name}-database", ReferenceExpression.Create(
            $"Host={Setting("POSTGRES_HOST", "localhost")};Port={Setting("POSTGRES_PORT", "5432")};Database=ordersystem_{name};Username={Setting("POSTGRES_USER", "ordersystem")};Password={_postgresPassword.Resource};SSL Mode={Setting("POSTGRES_SSL_MODE", "Prefer")}"));
        _logFiles.Add(name);

        var project = _builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = true)
            .WithHttpEndpoint(port: port, isProxied: false)
            .WithHttpHealthCheck("/health/ready")
            .WithUrlForEndpoint("http", url => url.DisplayText = "Swagger")
            .WithUrlForEndpoint("http", url => url.Url = "/swagger")
            .WithReference(database, connectionName: "Database")
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
            .WithEnvironment("Database__Provider", "Postgres");

        // The dashboard receives every service's traces, metrics and logs (Aspire sets OTEL_EXPORTER_OTLP_ENDPOINT);
        // an endpoint in .env sends them to that collector instead.
        var otlpEndpoint = Setting("OTEL_EXPORTER_OTLP_ENDPOINT", "");
        return otlpEndpoint.Length > 0 ? project.WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint) : project;
    }

    int Port(string name, int defaultPort) => int.Parse(
        Setting($"{name.ToUpperInvariant()}_PORT", defaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A secret parameter (masked in the dashboard) read from .env's <paramref name="variable"/>.</summary>
    public IResourceBuilder<ParameterResource> Secret(string name, string variable) =>
        _builder.AddParameterFromConfiguration(name, variable, secret: true);

    string Setting(string key, string defaultValue) =>
        _builder.Configuration[key] is { Length: > 0 } value ? value : defaultValue;
}
