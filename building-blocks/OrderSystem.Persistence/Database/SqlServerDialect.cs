using MassTransit;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Persistence.Database;

/// <summary>SQL Server: row locks with <c>UPDLOCK, ROWLOCK[, READPAST]</c> hints, id lists as JSON, errors by number.</summary>
public sealed class SqlServerDialect : DatabaseDialect
{
    // Connection loss, timeouts, database starting or failing over, throttling, deadlock victim (-2 is a client timeout).
    static readonly HashSet<int> TransientNumbers =
    [
        -2, 20, 64, 233, 1205, 4060, 4221, 10053, 10054, 10060, 10928, 10929, 11001, 40143, 40197, 40501, 40540, 40613,
        42108, 42109, 49918, 49919, 49920,
    ];

    internal SqlServerDialect()
    {
    }

    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public override string ProviderName => "Microsoft.EntityFrameworkCore.SqlServer";

    public override string BinaryCollation => "Latin1_General_100_BIN2";

    /// <summary>A row lock per row and per index key: 1,000 rows stay far below the 5,000 locks that escalate to a table lock.</summary>
    public override int MaxRowsPerStatement => 1_000;

    /// <summary>Each claimed transaction has a few messages; their delete must stay below the escalation threshold too.</summary>
    public override int MaxOutboxTransactionsPerPass => 250;

    public override void Configure(DbContextOptionsBuilder options, string connectionString) => options.UseSqlServer(connectionString);

    /// <summary>Ascending in SQL Server's <c>uniqueidentifier</c> sort order (last six bytes first).</summary>
    public override Guid NewSequentialId() => NewId.NextGuid();

    public override bool IsUniqueViolation(Exception exception) => HasNumber(exception, n => n is 2627 or 2601);

    public override bool IsDeadlock(Exception exception) => HasNumber(exception, n => n == 1205);

    public override bool IsTransient(Exception exception) => HasNumber(exception, TransientNumbers.Contains);

    public override string LockRowsInKeyOrder(string table, string keyColumn, int keyCount) =>
        $"SELECT * FROM {table} WITH (UPDLOCK, ROWLOCK) WHERE {keyColumn} IN ({Placeholders(keyCount)}) ORDER BY {keyColumn}";

    public override string ClaimKeys(string table, string keyColumn, string filter, string orderBy) =>
        $"SELECT TOP ({{0}}) t.{keyColumn} FROM {table} AS t WITH (UPDLOCK, ROWLOCK, READPAST) WHERE {filter} ORDER BY {orderBy}";

    public override string DeleteBatch(string table, IReadOnlyList<string> keyColumns, string filter) =>
        $"DELETE TOP ({{1}}) FROM {table} WITH (ROWLOCK, READPAST) WHERE {filter}";

    public override string IsOneOfIds(string column) => $"{column} IN (SELECT CAST([value] AS uniqueidentifier) FROM OPENJSON({{0}}))";

    public override object IdList(IReadOnlyCollection<Guid> ids) => System.Text.Json.JsonSerializer.Serialize(ids);

    static bool HasNumber(Exception? exception, Func<int, bool> matches)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SqlException sql && sql.Errors.Cast<SqlError>().Any(e => matches(e.Number)))
                return true;
        }

        return false;
    }
}
