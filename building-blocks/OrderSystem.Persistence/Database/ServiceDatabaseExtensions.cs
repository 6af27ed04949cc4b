using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using OrderSystem.Messaging.Retry;
using OrderSystem.Persistence.Outbox;

namespace OrderSystem.Persistence.Database;

/// <summary>Registers a service's DbContext behind the one provider switch.</summary>
public static class ServiceDatabaseExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> as the service's DbContext, backed by <typeparamref name="TPostgres"/> or
    /// <typeparamref name="TSqlServer"/> (each carries its own migrations) according to <c>Database:Provider</c>.
    /// Also applies migrations at start-up, adds a "ready" health check, wires the outbox commit signal and teaches the
    /// consumers' retry policy which database errors mean an outage (<see cref="TransientFailures"/>).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext, TPostgres, TSqlServer>(this IHostApplicationBuilder builder)
        where TContext : ServiceDbContext
        where TPostgres : TContext
        where TSqlServer : TContext
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ITransientFailureClassifier, DatabaseTransientFailures>());
        builder.Services.AddSingleton<OutboxRelaySignal>();
        builder.Services.AddSingleton<OutboxCommitInterceptor>();
        return builder.AddDatabase<TContext, TPostgres, TSqlServer>(
            (services, options) => options.AddInterceptors(services.GetRequiredService<OutboxCommitInterceptor>()));
    }

    /// <summary>
    /// The provider switch, migrations at start-up and the "ready" health check for a DbContext that is not a
    /// <see cref="ServiceDbContext"/> (no outbox or inbox: Identity's users and OpenIddict's tables).
    /// <paramref name="configure"/> adds what the caller's context needs on top (interceptors, extensions).
    /// </summary>
    public static IHostApplicationBuilder AddDatabase<TContext, TPostgres, TSqlServer>(this IHostApplicationBuilder builder,
        Action<IServiceProvider, DbContextOptionsBuilder>? configure = null)
        where TContext : DbContext
        where TPostgres : TContext
        where TSqlServer : TContext
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate<IConfiguration>((_, configuration) => !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Database")),
                "Set ConnectionStrings:Database (environment: ConnectionStrings__Database).")
            .ValidateOnStart();

        // Both provider-specific contexts are registered; configuration picks one when the context is first resolved,
        // so settings supplied late (tests, hosting) are honoured. Pooled: every HTTP request, consumed message and relay
        // pass needs a context, and a pooled one skips building the context's internal services each time.
        builder.Services.AddDbContextPool<TPostgres>((services, options) => Configure(services, options, DatabaseProvider.Postgres, configure));
        builder.Services.AddDbContextPool<TSqlServer>((services, options) => Configure(services, options, DatabaseProvider.SqlServer, configure));
        builder.Services.AddScoped<TContext>(services => services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider switch
        {
            DatabaseProvider.SqlServer => services.GetRequiredService<TSqlServer>(),
            _ => services.GetRequiredService<TPostgres>(),
        });

        // Registered before the bus so migrations finish before any consumer touches the database.
        builder.Services.AddHostedService<DatabaseMigrator<TContext>>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>("database", tags: ["ready"]);
        return builder;
    }

    static void Configure(IServiceProvider services, DbContextOptionsBuilder options, DatabaseProvider provider,
        Action<IServiceProvider, DbContextOptionsBuilder>? configure)
    {
        var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString("Database")
            ?? throw new InvalidOperationException("Set ConnectionStrings:Database (environment: ConnectionStrings__Database).");
        UseProvider(options, provider, connectionString);
        configure?.Invoke(services, options);
    }

    /// <summary>Configures EF Core for <paramref name="provider"/>; shared by the services and the design-time factories.</summary>
    public static void UseProvider(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Postgres)
            options.UseNpgsql(WithPostgresDefaults(connectionString));
        else
            options.UseSqlServer(connectionString);
    }

    /// <summary>
    /// Npgsql settings the services run better with, unless the connection string sets them itself:
    /// <c>Max Auto Prepare</c> makes the few statements every message repeats (inbox insert, outbox insert and delete,
    /// saga load and update) server-side prepared statements after a few uses, so PostgreSQL stops parsing and
    /// planning them each time. <c>No Reset On Close</c> skips the state reset Npgsql otherwise runs on the server each time
    /// a pooled connection is reused (seven statements: RESET ALL, CLOSE ALL, UNLISTEN, advisory unlock, DISCARD ...);
    /// the services never change session state, and that reset was a tenth of PostgreSQL's statements per order.
    /// </summary>
    public static string WithPostgresDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
            builder.MaxAutoPrepare = 64;
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
            builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }
}
