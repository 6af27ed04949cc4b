using System.Data.Common;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace OrderSystem.Testing;

/// <summary>
/// A fresh, empty database for one test class (<c>test_&lt;guid&gt;</c>), dropped on dispose even while connections
/// are still open. Migrations and data of one class never meet another's.
/// </summary>
public sealed class IsolatedDatabase : IAsyncDisposable
{
    bool _disposed;

    IsolatedDatabase(DatabaseServer server, string name, string connectionString)
    {
        Server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The server the database lives on.</summary>
    public DatabaseServer Server { get; }

    /// <summary>The engine, for <c>Database:Provider</c>.</summary>
    public DatabaseProvider Provider => Server.Provider;

    /// <summary>The database name, e.g. <c>test_0c1d…</c>.</summary>
    public string Name { get; }

    /// <summary>Connection string to this database with the server's test login (for <c>ConnectionStrings:Database</c>).</summary>
    public string ConnectionString { get; }

    /// <summary>Creates an empty database.</summary>
    /// <param name="server">The server (see <see cref="TestInfrastructure.Database"/>).</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    public static async Task<IsolatedDatabase> CreateAsync(DatabaseServer server, CancellationToken cancellationToken = default) =>
        await CreateAsync(server, "test", cancellationToken);

    /// <summary>As <see cref="CreateAsync(DatabaseServer, CancellationToken)"/>, the name starting with <paramref name="prefix"/> (say, the service's), so a leftover database says whose it was.</summary>
    public static async Task<IsolatedDatabase> CreateAsync(DatabaseServer server, string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (prefix.Length is 0 or > 20 || !prefix.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            throw new ArgumentException("A database prefix is 1-20 lower case letters, digits or '_'.", nameof(prefix));
        // Lower case letters, digits and '_' only: needs no quoting rules of its own on either engine.
        var name = $"{prefix}_{Guid.NewGuid():N}";
        string connectionString;
        if (server.Provider == DatabaseProvider.Postgres)
        {
            await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"", cancellationToken);
            connectionString = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name }.ConnectionString;
        }
        else
        {
            await ExecuteAsync(server, $"CREATE DATABASE [{name}]", cancellationToken);
            connectionString = new SqlConnectionStringBuilder(server.AdminConnectionString) { InitialCatalog = name }.ConnectionString;
        }

        return new IsolatedDatabase(server, name, connectionString);
    }

    /// <summary>Opens a connection to this database; the caller disposes it.</summary>
    /// <param name="cancellationToken">Cancels opening.</param>
    public Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(Provider, ConnectionString, cancellationToken);

    /// <summary>Whether the database still exists on the server.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<bool> ExistsAsync(CancellationToken cancellationToken = default)
    {
        var sql = Provider == DatabaseProvider.Postgres
            ? $"SELECT count(*) FROM pg_database WHERE datname = '{Name}'"
            : $"SELECT count(*) FROM sys.databases WHERE name = '{Name}'";
        await using var connection = await OpenAdminAsync(Server, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0;
    }

    /// <summary>Drops the database, closing whatever connections still use it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (Provider == DatabaseProvider.Postgres)
        {
            // Pooled idle connections would otherwise be killed under the pool's feet and fail the next test's opening.
            NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
            await DropPostgresDatabase();
        }
        else
        {
            SqlConnection.ClearPool(new SqlConnection(ConnectionString));
            await ExecuteAsync(Server,
                $"IF DB_ID('{Name}') IS NOT NULL BEGIN ALTER DATABASE [{Name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{Name}]; END",
                CancellationToken.None);
        }
    }

    /// <summary>
    /// DROP ... WITH (FORCE) refuses (42501) while an autovacuum worker is in the database: PostgreSQL 15 treats the
    /// worker as a role the test administrator may not terminate. The worker finishes within moments; ask again.
    /// </summary>
    async Task DropPostgresDatabase()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync(Server, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", CancellationToken.None);
                return;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
    }

    static Task<DbConnection> OpenAdminAsync(DatabaseServer server, CancellationToken cancellationToken) =>
        OpenAsync(server.Provider, server.AdminConnectionString, cancellationToken);

    static async Task<DbConnection> OpenAsync(DatabaseProvider provider, string connectionString, CancellationToken cancellationToken)
    {
        DbConnection connection = provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(connectionString)
            : new SqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    static async Task ExecuteAsync(DatabaseServer server, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAdminAsync(server, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
