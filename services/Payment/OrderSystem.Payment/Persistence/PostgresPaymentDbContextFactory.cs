using OrderSystem.Persistence.Database;

namespace OrderSystem.Payment.Persistence;

sealed class PostgresPaymentDbContextFactory() : DesignTimeDbContextFactory<PostgresPaymentDbContext>(DatabaseProvider.Postgres);
