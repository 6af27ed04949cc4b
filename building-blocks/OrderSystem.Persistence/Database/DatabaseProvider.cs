namespace OrderSystem.Persistence.Database;

/// <summary>The database engines a service can run on.</summary>
public enum DatabaseProvider
{
    /// <summary>PostgreSQL (local run, CI).</summary>
    Postgres,

    /// <summary>SQL Server (docker compose).</summary>
    SqlServer,
}
