namespace OrderSystem.Testing;

/// <summary>The database engine the tests run against.</summary>
public enum DatabaseProvider
{
    /// <summary>PostgreSQL (local server from tests/run.sh, or the <c>postgres:17</c> container).</summary>
    Postgres,

    /// <summary>SQL Server (container only, chosen with <c>ORDERSYSTEM_TEST_DATABASE=SqlServer</c>).</summary>
    SqlServer,
}
