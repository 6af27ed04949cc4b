using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Payment.Persistence;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Tests.Payment.Persistence;

/// <summary>Payment's schema has, on both providers, one payment per order (unique index). Migrations: see MigrationTests.</summary>
public sealed class PaymentMigrationTests
{
    sealed class PostgresFactory() : DesignTimeDbContextFactory<PostgresPaymentDbContext>(DatabaseProvider.Postgres);

    sealed class SqlServerFactory() : DesignTimeDbContextFactory<SqlServerPaymentDbContext>(DatabaseProvider.SqlServer);

    public static TheoryData<string> Providers() => [nameof(DatabaseProvider.Postgres), nameof(DatabaseProvider.SqlServer)];

    static PaymentDbContext Create(string provider) => provider == nameof(DatabaseProvider.Postgres)
        ? new PostgresFactory().CreateDbContext([])
        : new SqlServerFactory().CreateDbContext([]);

    [Theory]
    [MemberData(nameof(Providers))]
    public void One_payment_per_order_is_enforced_by_a_unique_index(string provider)
    {
        using var context = Create(provider);
        var script = context.Database.GenerateCreateScript();
        script.Should().MatchRegex("CREATE UNIQUE INDEX \"?\\[?IX_Payments_OrderId");
    }
}
