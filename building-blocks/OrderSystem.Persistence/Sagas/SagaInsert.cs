using Microsoft.EntityFrameworkCore;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Persistence.Sagas;

/// <summary>Inserts a new saga instance unless one with its correlation id exists.</summary>
static class SagaInsert
{
    /// <summary>
    /// True when <paramref name="instance"/> was inserted; false when another message created it first (a unique
    /// violation: EF rolled back to its savepoint, so the transaction is still usable and the caller loads the winner's
    /// instance). Any other failure (a value too long, a lost connection, a deadlock) propagates to the retry policy.
    /// </summary>
    public static async Task<bool> TryInsertAsync<TSaga>(DbContext dbContext, TSaga instance, CancellationToken cancellationToken)
        where TSaga : class
    {
        var entry = dbContext.Set<TSaga>().Add(instance);
        try
        {
            await dbContext.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException exception) when (DatabaseDialect.For(dbContext).IsUniqueViolation(exception))
        {
            entry.State = EntityState.Detached;
            return false;
        }
    }
}
