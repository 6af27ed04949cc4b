using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Persistence.Database;

/// <summary>
/// Everything the building blocks say differently per database engine, in one place per engine: how to configure EF Core,
/// how to claim, lock and delete rows, which errors mean a unique violation or a deadlock, and how many rows one
/// statement may touch. Table and column names are not the dialect's business: callers resolve them from the EF model
/// (<see cref="Outbox.OutboxStatements"/>, <see cref="Inbox.InboxStatements"/>) and hand them in already quoted.
/// </summary>
public abstract class DatabaseDialect
{
    /// <summary>PostgreSQL (local run, CI).</summary>
    public static readonly DatabaseDialect Postgres = new PostgresDialect();

    /// <summary>SQL Server (docker compose, Kubernetes).</summary>
    public static readonly DatabaseDialect SqlServer = new SqlServerDialect();

    /// <summary>Every dialect, for error checks made without a DbContext at hand.</summary>
    public static IReadOnlyList<DatabaseDialect> All { get; } = [Postgres, SqlServer];

    /// <summary>The engine this dialect speaks.</summary>
    public abstract DatabaseProvider Provider { get; }

    /// <summary>The EF Core provider name (<see cref="Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade.ProviderName"/>).</summary>
    public abstract string ProviderName { get; }

    /// <summary>A collation that compares and sorts text by code point, case-sensitively: for keys that must match exactly.</summary>
    public abstract string BinaryCollation { get; }

    /// <summary>
    /// Most rows one statement deletes or claims. On SQL Server a statement holding about 5,000 locks on one table
    /// escalates to a table lock that blocks every writer, so batches stay well below that.
    /// </summary>
    public abstract int MaxRowsPerStatement { get; }

    /// <summary>Most outbox transactions one relay pass claims; their messages are deleted in one statement.</summary>
    public abstract int MaxOutboxTransactionsPerPass { get; }

    /// <summary>The dialect for <paramref name="provider"/>.</summary>
    public static DatabaseDialect For(DatabaseProvider provider) => provider == DatabaseProvider.SqlServer ? SqlServer : Postgres;

    /// <summary>The dialect of <paramref name="dbContext"/>'s provider.</summary>
    /// <exception cref="NotSupportedException">The context uses another provider.</exception>
    public static DatabaseDialect For(DbContext dbContext)
    {
        ArgumentNullException.ThrowIfNull(dbContext);
        // EF builds ProviderName from the provider assembly's name on every call, and the outbox asks for each message it
        // writes; a context's provider never changes, and pooled contexts live as long as the service.
        return ByContext.GetValue(dbContext, static context =>
        {
            var providerName = context.Database.ProviderName;
            return All.FirstOrDefault(d => d.ProviderName == providerName)
                ?? throw new NotSupportedException($"No database dialect for provider {providerName}.");
        });
    }

    static readonly ConditionalWeakTable<DbContext, DatabaseDialect> ByContext = new();

    /// <summary>Configures EF Core for this engine; shared by the services and the design-time factories.</summary>
    public abstract void Configure(DbContextOptionsBuilder options, string connectionString);

    /// <summary>A new id that this engine's indexes store in ascending order, so inserts append instead of splitting pages.</summary>
    public abstract Guid NewSequentialId();

    /// <summary>True when <paramref name="exception"/> (or the provider error inside it) says a row with the same unique key exists.</summary>
    public abstract bool IsUniqueViolation(Exception exception);

    /// <summary>True when <paramref name="exception"/> (or the provider error inside it) says the transaction was chosen as a deadlock victim.</summary>
    public abstract bool IsDeadlock(Exception exception);

    /// <summary>True for errors that mean "the database is unavailable right now" and that the driver does not flag itself.</summary>
    public abstract bool IsTransient(Exception exception);

    /// <summary>
    /// Selects the rows of <paramref name="table"/> whose <paramref name="keyColumn"/> is one of <c>{0}</c>..<c>{n-1}</c> and
    /// locks them until the transaction ends, in key order, so that two transactions locking overlapping sets never deadlock.
    /// </summary>
    public abstract string LockRowsInKeyOrder(string table, string keyColumn, int keyCount);

    /// <summary>
    /// Claims up to <c>{0}</c> rows of <paramref name="table"/> (alias <c>t</c>) matching <paramref name="filter"/>, ordered by
    /// <paramref name="orderBy"/>, locking them until the transaction ends and skipping rows other transactions hold.
    /// Returns the claimed <paramref name="keyColumn"/> values, for use as a subquery.
    /// </summary>
    public abstract string ClaimKeys(string table, string keyColumn, string filter, string orderBy);

    /// <summary>
    /// Deletes at most <c>{1}</c> rows of <paramref name="table"/> matching <paramref name="filter"/> (which may use <c>{0}</c>),
    /// skipping rows other transactions hold. <paramref name="keyColumns"/> is the table's primary key.
    /// </summary>
    public abstract string DeleteBatch(string table, IReadOnlyList<string> keyColumns, string filter);

    /// <summary>A condition that <paramref name="column"/> is one of the ids passed as parameter <c>{0}</c> (see <see cref="IdList"/>).</summary>
    public abstract string IsOneOfIds(string column);

    /// <summary>The parameter value for <see cref="IsOneOfIds"/>.</summary>
    public abstract object IdList(IReadOnlyCollection<Guid> ids);

    /// <summary><c>{0}, {1}, ...</c>: positional parameters for EF Core's raw SQL methods.</summary>
    protected static string Placeholders(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => $"{{{i}}}"));
}
