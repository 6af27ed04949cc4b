using OrderSystem.Persistence.Database;

namespace OrderSystem.Notification.Persistence;

sealed class SqlServerNotificationDbContextFactory() : DesignTimeDbContextFactory<SqlServerNotificationDbContext>(DatabaseProvider.SqlServer);
