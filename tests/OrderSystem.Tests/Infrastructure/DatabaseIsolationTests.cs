using AwesomeAssertions;
using OrderSystem.Testing;
using Xunit;

namespace OrderSystem.Tests.Infrastructure;

/// <summary>Each test class gets its own empty database, dropped on dispose even with connections still open.</summary>
public sealed class DatabaseIsolationTests(InfrastructureFixture fixture) : IClassFixture<InfrastructureFixture>
{
    [Fact]
    public async Task TableCreatedInOneDatabaseIsAbsentFromAnother()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var connection = await fixture.Database.OpenConnectionAsync(ct))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "CREATE TABLE isolation_probe (id int PRIMARY KEY)";
            await command.ExecuteNonQueryAsync(ct);
        }

        await using var other = await fixture.CreateDatabaseAsync(ct);
        other.Name.Should().NotBe(fixture.Database.Name);
        (await CountTables(fixture.Database, ct)).Should().Be(1);
        (await CountTables(other, ct)).Should().Be(0);
    }

    [Fact]
    public async Task DisposingDropsTheDatabaseEvenWithAnOpenConnection()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await fixture.CreateDatabaseAsync(ct);
        database.Provider.Should().Be(fixture.Infrastructure.Database.Provider);
        (await database.ExistsAsync(ct)).Should().BeTrue();
        await using var stillOpen = await database.OpenConnectionAsync(ct);

        await database.DisposeAsync();

        (await database.ExistsAsync(ct)).Should().BeFalse();
    }

    static async Task<long> CountTables(IsolatedDatabase database, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM information_schema.tables WHERE table_name = 'isolation_probe'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }
}
