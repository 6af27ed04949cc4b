using Npgsql;

namespace OrderSystem.Benchmarks;

/// <summary>
/// Committed transactions of the four services' databases (<c>pg_stat_database.xact_commit</c>), read before and after a
/// phase for the transactions per order. Backends publish their counts within about a second of going idle, so a reading
/// lags by that much: small against a 30 s phase, and in a closed loop the orders in flight at both ends cancel out.
/// </summary>
sealed class DatabaseCommits(BenchmarkOptions options) : IAsyncDisposable
{
    readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(options.PostgresConnectionString);
    readonly string[] _databases = [.. new[] { "order", "inventory", "payment", "notification" }.Select(s => options.DatabasePrefix + s)];

    public async Task<long> ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT coalesce(sum(xact_commit), 0)::bigint FROM pg_stat_database WHERE datname = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = _databases });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
