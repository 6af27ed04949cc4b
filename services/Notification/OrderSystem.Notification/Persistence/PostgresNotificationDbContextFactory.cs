using OrderSystem.Persistence.Database;

namespace OrderSystem.Notification.Persistence;

sealed class PostgresNotificationDbContextFactory() : DesignTimeDbContextFactory<PostgresNotificationDbContext>(DatabaseProvider.Postgres);
