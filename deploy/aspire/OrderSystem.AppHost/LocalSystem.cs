using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrderSystem.AppHost;

/// <summary>
/// The servers and shared settings of the local run, and how one service is wired to them. Settings are read under the
/// names of <c>.env</c> (up.sh exports them), so the AppHost and the scripts cannot disagree; passwords and the admin
/// key are secret parameters (masked in the dashboard), the rest plain settings with .env.example's defaults.
/// </summary>
public sealed class LocalSystem
{
    readonly IDistributedApplicationBuilder _builder;
    readonly IResourceBuilder<ParameterResource> _postgresPassword;
    readonly IResourceBuilder<ParameterResource> _adminApiKey;
    readonly ServiceLogFiles _logFiles;

    LocalSystem(IDistributedApplicationBuilder builder, ServiceLogFiles logFiles)
    {
        _builder = builder;
        _logFiles = logFiles;
        _postgresPassword = builder.AddParameterFromConfiguration("postgres-password", "POSTGRES_PASSWORD", secret: true);
        _adminApiKey = builder.AddParameterFromConfiguration("admin-api-key", "ADMIN_API_KEY", secret: true);
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
    /// Adds service <paramref name="name"/> on port <c>&lt;NAME&gt;_PORT</c> (default <paramref name="defaultPort"/>): its
    /// database <c>ordersystem_&lt;name&gt;</c>, its broker user <c>&lt;name&gt;</c> with password
    /// <c>&lt;NAME&gt;_BROKER_PASSWORD</c>, the admin key, and OTLP export to the dashboard.
    /// </summary>
    public IResourceBuilder<ProjectResource> AddService<TProject>(string name, int defaultPort)
        where TProject : IProjectMetadata, new()
    {
        var upperName = name.ToUpperInvariant();
        var port = int.Parse(Setting($"{upperName}_PORT", defaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);
        var database = _builder.AddConnectionString($"{name}-database", ReferenceExpression.Create(
            $"Host={Setting("POSTGRES_HOST", "localhost")};Port={Setting("POSTGRES_PORT", "5432")};Database=ordersystem_{name};Username={Setting("POSTGRES_USER", "ordersystem")};Password={_postgresPassword.Resource};SSL Mode={Setting("POSTGRES_SSL_MODE", "Prefer")}"));
        var brokerPassword = _builder.AddParameterFromConfiguration($"{name}-broker-password", $"{upperName}_BROKER_PASSWORD", secret: true);
        _logFiles.Add(name);

        var service = _builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = true)
            .WithHttpEndpoint(port: port, isProxied: false)
            .WithHttpHealthCheck("/health/ready")
            .WithUrlForEndpoint("http", url => url.DisplayText = "Swagger")
            .WithUrlForEndpoint("http", url => url.Url = "/swagger")
            .WithReference(database, connectionName: "Database")
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
            .WithEnvironment("Database__Provider", "Postgres")
            .WithEnvironment("RabbitMq__Host", Setting("RABBITMQ_HOST", "localhost"))
            .WithEnvironment("RabbitMq__Port", Setting("RABBITMQ_PORT", "5672"))
            .WithEnvironment("RabbitMq__VirtualHost", Setting("RABBITMQ_VHOST", "ordersystem"))
            .WithEnvironment("RabbitMq__Username", name)
            .WithEnvironment("RabbitMq__Password", brokerPassword)
            .WithEnvironment("Admin__ApiKey", _adminApiKey)
            .WithEnvironment("RateLimiting__Orders__PermitsPerSecond", Setting("ORDER_RATE_LIMIT_PER_SECOND", "20"))
            .WithEnvironment("RateLimiting__Orders__Burst", Setting("ORDER_RATE_LIMIT_BURST", "40"))
            .WithEnvironment("Smtp__Host", Setting("SMTP_HOST", ""))
            .WithEnvironment("Smtp__Port", Setting("SMTP_PORT", "1025"));

        // The dashboard receives every service's traces, metrics and logs (Aspire sets OTEL_EXPORTER_OTLP_ENDPOINT);
        // an endpoint in .env sends them to that collector instead.
        var otlpEndpoint = Setting("OTEL_EXPORTER_OTLP_ENDPOINT", "");
        return otlpEndpoint.Length > 0 ? service.WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint) : service;
    }

    string Setting(string key, string defaultValue) =>
        _builder.Configuration[key] is { Length: > 0 } value ? value : defaultValue;
}
