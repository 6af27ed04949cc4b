using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Notification.Persistence;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Tests.Notification.Persistence;

/// <summary>Notification's schema has, on both providers, one notification per order (unique index). Migrations: see MigrationTests.</summary>
public sealed class NotificationMigrationTests
{
    sealed class PostgresFactory() : DesignTimeDbContextFactory<PostgresNotificationDbContext>(DatabaseProvider.Postgres);

    sealed class SqlServerFactory() : DesignTimeDbContextFactory<SqlServerNotificationDbContext>(DatabaseProvider.SqlServer);

    public static TheoryData<string> Providers() => [nameof(DatabaseProvider.Postgres), nameof(DatabaseProvider.SqlServer)];

    static NotificationDbContext Create(string provider) => provider == nameof(DatabaseProvider.Postgres)
        ? new PostgresFactory().CreateDbContext([])
        : new SqlServerFactory().CreateDbContext([]);

    [Theory]
    [MemberData(nameof(Providers))]
    public void One_notification_per_order_is_enforced_by_a_unique_index(string provider)
    {
        using var context = Create(provider);
        context.Database.GenerateCreateScript().Should().MatchRegex("CREATE UNIQUE INDEX \"?\\[?IX_Notifications_OrderId");
    }
}
