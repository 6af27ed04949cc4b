using OrderSystem.Persistence.Database;

namespace OrderSystem.Payment.Persistence;

sealed class SqlServerPaymentDbContextFactory() : DesignTimeDbContextFactory<SqlServerPaymentDbContext>(DatabaseProvider.SqlServer);
