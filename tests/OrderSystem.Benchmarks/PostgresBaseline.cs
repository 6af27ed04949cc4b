using Npgsql;

namespace OrderSystem.Benchmarks;

/// <summary>
/// What PostgreSQL alone carries on this machine in transactions of the shape of one consumer's unit of work: claim
/// the inbox row, update the state row, add an outbox row with a 1 KB body, commit (durable: <c>synchronous_commit</c>
/// as the server has it). <c>Connections</c> concurrent sessions, each on a state row of its own (like different orders).
/// The three tables are throw-away, in the order service's database, and dropped afterwards.
/// </summary>
static class PostgresBaseline
{
    public static async Task<PostgresBaselineResult> RunAsync(BenchmarkOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (inbox, state, outbox) = ($"benchmark_inbox_{suffix}", $"benchmark_state_{suffix}", $"benchmark_outbox_{suffix}");
        await using var dataSource = NpgsqlDataSource.Create(options.PostgresConnectionString);
        await Execute(dataSource, $"""
            CREATE TABLE {inbox} (message_id uuid NOT NULL, consumer text NOT NULL, received timestamptz NOT NULL, PRIMARY KEY (message_id, consumer));
            CREATE TABLE {state} (id int PRIMARY KEY, version int NOT NULL, updated timestamptz NOT NULL);
            CREATE TABLE {outbox} (sequence bigserial PRIMARY KEY, message_id uuid NOT NULL, body text NOT NULL);
            INSERT INTO {state} SELECT i, 0, now() FROM generate_series(0, {options.BaselinePublishers - 1}) i;
            """, cancellationToken);

        var body = new string('x', options.BaselineMessageBytes);
        TimedRun run;
        try
        {
            run = await TimedWorkers.RunAsync(options.BaselinePublishers, options.BaselineDuration,
                (done, rate) => $"raw PostgreSQL baseline: {done} committed, {rate:0} tx/s", progress,
                async (worker, timed) =>
                {
                    await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
                    // One round trip per transaction, as the services batch their statements.
                    await using var batch = new NpgsqlBatch(connection)
                    {
                        BatchCommands =
                        {
                            new NpgsqlBatchCommand("BEGIN"),
                            new NpgsqlBatchCommand($"INSERT INTO {inbox} (message_id, consumer, received) VALUES ($1, 'benchmark', now())"),
                            new NpgsqlBatchCommand($"UPDATE {state} SET version = version + 1, updated = now() WHERE id = $1"),
                            new NpgsqlBatchCommand($"INSERT INTO {outbox} (message_id, body) VALUES ($1, $2)"),
                            new NpgsqlBatchCommand("COMMIT"),
                        },
                    };
                    batch.BatchCommands[1].Parameters.Add(new NpgsqlParameter { Value = Guid.Empty });
                    batch.BatchCommands[2].Parameters.Add(new NpgsqlParameter { Value = worker });
                    batch.BatchCommands[3].Parameters.Add(new NpgsqlParameter { Value = Guid.Empty });
                    batch.BatchCommands[3].Parameters.Add(new NpgsqlParameter { Value = body });
                    while (timed.Running)
                    {
                        batch.BatchCommands[1].Parameters[0].Value = Guid.CreateVersion7();
                        batch.BatchCommands[3].Parameters[0].Value = Guid.CreateVersion7();
                        await timed.Step(() => batch.ExecuteNonQueryAsync(CancellationToken.None));
                    }
                }, cancellationToken);
        }
        finally
        {
            await Execute(dataSource, $"DROP TABLE IF EXISTS {inbox}, {state}, {outbox}", CancellationToken.None);
        }

        return new PostgresBaselineResult(options.BaselinePublishers, options.BaselineMessageBytes, run.Seconds, run.Steps, run.PerSecond, run.P50Ms, run.P99Ms);
    }

    static async Task Execute(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
