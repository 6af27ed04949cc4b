using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace OrderSystem.Persistence.Outbox;

/// <summary>
/// The provider-specific statement with which a relay claims outbox transactions. Rows another relay has locked are
/// skipped rather than waited for, so replicas work side by side. Table and column names come from the EF model.
/// </summary>
public static class OutboxLockStatements
{
    /// <summary>
    /// SQL selecting up to <c>{0}</c> outbox transaction ids available at <c>{1}</c>, oldest first, locking them until the transaction ends.
    /// The single column is named <c>Value</c> for <see cref="RelationalDatabaseFacadeExtensions.SqlQueryRaw{TResult}"/>.
    /// </summary>
    public static string ClaimTransactions(DbContext dbContext)
    {
        var entity = dbContext.Model.FindEntityType(typeof(OutboxTransaction))
            ?? throw new InvalidOperationException($"{dbContext.GetType().Name} does not map {nameof(OutboxTransaction)}.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = dbContext.GetService<ISqlGenerationHelper>();

        var tableName = sql.DelimitIdentifier(table.Name, table.Schema);
        var id = sql.DelimitIdentifier(entity.FindProperty(nameof(OutboxTransaction.OutboxId))!.GetColumnName(table)!);
        var available = sql.DelimitIdentifier(entity.FindProperty(nameof(OutboxTransaction.AvailableAt))!.GetColumnName(table)!);
        var value = sql.DelimitIdentifier("Value");

        return dbContext.Database.ProviderName switch
        {
            "Npgsql.EntityFrameworkCore.PostgreSQL" =>
                $"SELECT {id} AS {value} FROM {tableName} WHERE {available} <= {{1}} ORDER BY {available} LIMIT {{0}} FOR UPDATE SKIP LOCKED",
            "Microsoft.EntityFrameworkCore.SqlServer" =>
                $"SELECT TOP ({{0}}) {id} AS {value} FROM {tableName} WITH (UPDLOCK, ROWLOCK, READPAST) WHERE {available} <= {{1}} ORDER BY {available}",
            var other => throw new NotSupportedException($"No outbox lock statement for provider {other}."),
        };
    }
}
