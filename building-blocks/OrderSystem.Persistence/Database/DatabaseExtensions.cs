using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OrderSystem.Persistence.Database;

/// <summary>The provider switch, migrations at start-up and the "ready" health check, for any DbContext.</summary>
public static class DatabaseExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/>, backed by <typeparamref name="TPostgres"/> or <typeparamref name="TSqlServer"/>
    /// (each carries its own migrations) according to <c>Database:Provider</c>, applies migrations at start-up and adds a
    /// "ready" health check. For a context without outbox or inbox (Identity's users and OpenIddict's tables); a service's
    /// <see cref="ServiceDbContext"/> uses <see cref="ServicePersistenceExtensions.AddServicePersistence{TContext, TPostgres, TSqlServer}"/>,
    /// which calls this. <paramref name="configure"/> adds what the context needs on top (interceptors).
    /// </summary>
    public static IHostApplicationBuilder AddDatabase<TContext, TPostgres, TSqlServer>(this IHostApplicationBuilder builder,
        Action<IServiceProvider, DbContextOptionsBuilder>? configure = null)
        where TContext : DbContext
        where TPostgres : TContext
        where TSqlServer : TContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate<IConfiguration>((_, configuration) => !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Database")),
                "Set ConnectionStrings:Database (environment: ConnectionStrings__Database).")
            .ValidateOnStart();

        // Both provider-specific contexts are registered; configuration picks one when the context is first resolved,
        // so settings supplied late (tests, hosting) are honoured. Pooled: every HTTP request, consumed message and relay
        // pass needs a context, and a pooled one skips building the context's internal services each time.
        services.AddDbContextPool<TPostgres>((provider, options) => Configure(provider, options, DatabaseProvider.Postgres, configure));
        services.AddDbContextPool<TSqlServer>((provider, options) => Configure(provider, options, DatabaseProvider.SqlServer, configure));
        services.AddScoped<TContext>(provider => provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider switch
        {
            DatabaseProvider.SqlServer => provider.GetRequiredService<TSqlServer>(),
            _ => provider.GetRequiredService<TPostgres>(),
        });

        services.AddHostedService<DatabaseMigrator<TContext>>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>("database", tags: ["ready"]);
        return builder;
    }

    static void Configure(IServiceProvider services, DbContextOptionsBuilder options, DatabaseProvider provider,
        Action<IServiceProvider, DbContextOptionsBuilder>? configure)
    {
        var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString("Database")
            ?? throw new InvalidOperationException("Set ConnectionStrings:Database (environment: ConnectionStrings__Database).");
        DatabaseDialect.For(provider).Configure(options, connectionString);
        configure?.Invoke(services, options);
    }
}
