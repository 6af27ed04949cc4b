using AwesomeAssertions;
using Npgsql;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Tests.Persistence;

/// <summary>The Npgsql settings the services add to a PostgreSQL connection string, and that an operator's own settings win.</summary>
public sealed class PostgresDefaultsTests
{
    [Fact]
    public void Prepared_statements_on_and_pool_reset_off_by_default()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresDialect.WithConnectionDefaults("Host=db;Database=orders;Username=u;Password=p"));

        builder.MaxAutoPrepare.Should().Be(64);
        builder.NoResetOnClose.Should().BeTrue();
        builder.Host.Should().Be("db");
    }

    [Fact]
    public void Settings_in_the_connection_string_win()
    {
        var builder = new NpgsqlConnectionStringBuilder(
            PostgresDialect.WithConnectionDefaults("Host=db;Max Auto Prepare=0;No Reset On Close=false"));

        builder.MaxAutoPrepare.Should().Be(0);
        builder.NoResetOnClose.Should().BeFalse();
    }
}
