using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Tests.Persistence;

/// <summary>
/// <see cref="DatabaseDialect.For(DbContext)"/> is asked for every outbox message, so it remembers each context's
/// dialect; a remembered answer must still be that context's own provider's.
/// </summary>
public sealed class DatabaseDialectTests
{
    [Theory]
    [MemberData(nameof(MigrationTests.DesignTimeFactories), MemberType = typeof(MigrationTests))]
    public void Each_context_gets_its_own_providers_dialect_every_time(string factoryType)
    {
        using var context = MigrationTests.Create(factoryType);
        var expected = context.Database.ProviderName;

        DatabaseDialect.For(context).ProviderName.Should().Be(expected);
        DatabaseDialect.For(context).Should().BeSameAs(DatabaseDialect.For(context));
    }

    [Fact]
    public void Contexts_of_one_service_on_different_providers_keep_their_own_dialects()
    {
        var contexts = MigrationTests.DesignTimeFactories().Select(row => MigrationTests.Create((string)row.Data)).ToList();
        try
        {
            var postgres = contexts.First(c => c.Database.ProviderName == DatabaseDialect.Postgres.ProviderName);
            // The design-time contexts derive one type per provider from the service's context (for the migrations).
            var sqlServer = contexts.First(c => c.GetType().BaseType == postgres.GetType().BaseType
                && c.Database.ProviderName == DatabaseDialect.SqlServer.ProviderName);

            DatabaseDialect.For(postgres).Should().BeSameAs(DatabaseDialect.Postgres);
            DatabaseDialect.For(sqlServer).Should().BeSameAs(DatabaseDialect.SqlServer);
            DatabaseDialect.For(postgres).Should().BeSameAs(DatabaseDialect.Postgres);
        }
        finally
        {
            foreach (var context in contexts)
                context.Dispose();
        }
    }
}
