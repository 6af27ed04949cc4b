using System.Data.Common;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace OrderSystem.Persistence.Database;

/// <summary>PostgreSQL: row locks with <c>FOR UPDATE [SKIP LOCKED]</c>, id lists as arrays, errors by SQLSTATE.</summary>
public sealed class PostgresDialect : DatabaseDialect
{
    internal PostgresDialect()
    {
    }

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override string ProviderName => "Npgsql.EntityFrameworkCore.PostgreSQL";

    public override string BinaryCollation => "C";

    public override int MaxRowsPerStatement => 5_000;

    public override int MaxOutboxTransactionsPerPass => 1_000;

    public override void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(WithConnectionDefaults(connectionString));

    /// <summary>
    /// Npgsql settings the services run better with, unless the connection string sets them itself:
    /// <c>Max Auto Prepare</c> makes the few statements every message repeats (inbox insert, outbox insert and delete,
    /// saga load and update) server-side prepared statements after a few uses, so PostgreSQL stops parsing and
    /// planning them each time. <c>No Reset On Close</c> skips the state reset Npgsql otherwise runs on the server each time
    /// a pooled connection is reused (seven statements: RESET ALL, CLOSE ALL, UNLISTEN, advisory unlock, DISCARD ...);
    /// the services never change session state, and that reset was a tenth of PostgreSQL's statements per order.
    /// </summary>
    public static string WithConnectionDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
            builder.MaxAutoPrepare = 64;
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
            builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    /// <summary>Byte-wise ascending, which is how PostgreSQL compares <c>uuid</c> values.</summary>
    public override Guid NewSequentialId() => NewId.NextSequentialGuid();

    public override bool IsUniqueViolation(Exception exception) => HasState(exception, PostgresErrorCodes.UniqueViolation);

    public override bool IsDeadlock(Exception exception) => HasState(exception, PostgresErrorCodes.DeadlockDetected);

    /// <summary>Npgsql flags its transient errors itself (<see cref="DbException.IsTransient"/>).</summary>
    public override bool IsTransient(Exception exception) => false;

    public override string LockRowsInKeyOrder(string table, string keyColumn, int keyCount) =>
        $"SELECT * FROM {table} WHERE {keyColumn} IN ({Placeholders(keyCount)}) ORDER BY {keyColumn} FOR UPDATE";

    public override string ClaimKeys(string table, string keyColumn, string filter, string orderBy) =>
        $"SELECT t.{keyColumn} FROM {table} AS t WHERE {filter} ORDER BY {orderBy} LIMIT {{0}} FOR UPDATE SKIP LOCKED";

    public override string DeleteBatch(string table, IReadOnlyList<string> keyColumns, string filter)
    {
        var keys = string.Join(", ", keyColumns);
        return $"DELETE FROM {table} WHERE ({keys}) IN (SELECT {keys} FROM {table} WHERE {filter} LIMIT {{1}} FOR UPDATE SKIP LOCKED)";
    }

    public override string IsOneOfIds(string column) => $"{column} = ANY({{0}})";

    public override object IdList(IReadOnlyCollection<Guid> ids) => ids.ToArray();

    static bool HasState(Exception? exception, string sqlState)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is PostgresException postgres && postgres.SqlState == sqlState)
                return true;
        }

        return false;
    }
}
