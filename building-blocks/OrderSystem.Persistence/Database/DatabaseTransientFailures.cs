using Microsoft.EntityFrameworkCore.Storage;
using OrderSystem.Messaging.Retry;

namespace OrderSystem.Persistence.Database;

/// <summary>
/// Teaches <see cref="TransientFailures"/> the database errors that mean "the database is unavailable right now", as
/// each engine's <see cref="DatabaseDialect.IsTransient"/> knows them (SQL Server reports them by error number only).
/// </summary>
sealed class DatabaseTransientFailures : ITransientFailureClassifier
{
    public bool IsTransient(Exception exception) =>
        // EF Core's retrying execution strategy gave up: the database stayed unavailable for its whole budget.
        exception is RetryLimitExceededException || DatabaseDialect.All.Any(d => d.IsTransient(exception));
}
