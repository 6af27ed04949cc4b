using Npgsql;

namespace OrderSystem.FaultInjection;

/// <summary>
/// Reads the outbox and inbox tables of each service database directly (not through the runner's proxies), as the
/// databases' owner: the end-of-scenario "nothing left in an outbox" check and the soak's row counts.
/// </summary>
public sealed class ServiceDatabases(Settings settings, Func<string, string> databaseName)
{
    string ConnectionString(string service) => new NpgsqlConnectionStringBuilder
    {
        Host = settings["POSTGRES_HOST"],
        Port = settings.Number("POSTGRES_PORT", 5432),
        Database = databaseName(service),
        Username = settings["POSTGRES_USER"],
        Password = settings["POSTGRES_PASSWORD"],
        Pooling = false,
        Timeout = 5,
        CommandTimeout = 10,
        ApplicationName = "fault-injection-runner",
    }.ConnectionString;

    /// <summary>The counts of <paramref name="service"/>; null when the database cannot be read (e.g. PostgreSQL is down).</summary>
    public async Task<ServiceTableCounts?> Read(string service)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString(service));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                """SELECT (SELECT count(*) FROM "OutboxMessages"), (SELECT count(*) FROM "OutboxTransactions"), (SELECT count(*) FROM "InboxMessages")""",
                connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return new ServiceTableCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return null;
        }
    }
}
