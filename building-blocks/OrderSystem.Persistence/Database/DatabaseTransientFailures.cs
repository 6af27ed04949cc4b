using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore.Storage;
using OrderSystem.Messaging.Retry;

namespace OrderSystem.Persistence.Database;

/// <summary>
/// Teaches <see cref="TransientFailures"/> the database errors that mean "the database is unavailable right now".
/// PostgreSQL needs nothing here (Npgsql sets <c>DbException.IsTransient</c>); SQL Server reports it by error number only.
/// </summary>
sealed class DatabaseTransientFailures : ITransientFailureClassifier
{
    // Connection loss, timeouts, database starting or failing over, throttling, deadlock victim (-2 is a client timeout).
    static readonly HashSet<int> SqlServerTransientNumbers =
    [
        -2, 20, 64, 233, 1205, 4060, 4221, 10053, 10054, 10060, 10928, 10929, 11001, 40143, 40197, 40501, 40540, 40613,
        42108, 42109, 49918, 49919, 49920,
    ];

    public bool IsTransient(Exception exception) => exception switch
    {
        // EF Core's retrying execution strategy gave up: the database stayed unavailable for its whole budget.
        RetryLimitExceededException => true,
        SqlException sql => sql.Errors.Cast<SqlError>().Any(e => SqlServerTransientNumbers.Contains(e.Number)),
        _ => false,
    };
}
