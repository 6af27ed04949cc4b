using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace OrderSystem.Persistence.Outbox;

/// <summary>
/// The provider-specific statements of the outbox relay, one round trip each. Table and column names come from the EF model.
/// </summary>
public sealed class OutboxStatements
{
    readonly bool _idsAsJson;

    OutboxStatements(string claimMessages, string deleteTransactions, bool idsAsJson)
    {
        ClaimMessages = claimMessages;
        DeleteTransactions = deleteTransactions;
        _idsAsJson = idsAsJson;
    }

    /// <summary>
    /// Claims up to <c>{0}</c> outbox transactions (with messages) available at <c>{1}</c>, oldest first, and returns all their messages
    /// in sequence order. The transaction rows stay locked until the relay's transaction ends; rows another relay holds
    /// are skipped rather than waited for, so replicas work side by side. For <c>FromSqlRaw</c> on <see cref="OutboxMessage"/>.
    /// </summary>
    public string ClaimMessages { get; }

    /// <summary>Deletes the outbox transactions whose ids are <c>{0}</c> and their messages.</summary>
    public string DeleteTransactions { get; }

    /// <summary>The parameter for <see cref="DeleteTransactions"/>: an array on PostgreSQL, a JSON array on SQL Server.</summary>
    public object IdsParameter(IReadOnlyCollection<Guid> ids) =>
        _idsAsJson ? System.Text.Json.JsonSerializer.Serialize(ids) : ids.ToArray();

    static readonly ConcurrentDictionary<(Type, string?), OutboxStatements> Cache = new();

    /// <summary>The statements for <paramref name="dbContext"/>'s type and provider, built once.</summary>
    public static OutboxStatements Cached(DbContext dbContext)
    {
        ArgumentNullException.ThrowIfNull(dbContext);
        return Cache.GetOrAdd((dbContext.GetType(), dbContext.Database.ProviderName), _ => For(dbContext));
    }

    /// <summary>Builds the statements for <paramref name="dbContext"/>'s provider and model.</summary>
    public static OutboxStatements For(DbContext dbContext)
    {
        ArgumentNullException.ThrowIfNull(dbContext);
        var sql = dbContext.GetService<ISqlGenerationHelper>();
        var (transactions, transactionColumn) = Table<OutboxTransaction>(dbContext, sql);
        var (messages, messageColumn) = Table<OutboxMessage>(dbContext, sql);

        var txId = transactionColumn(nameof(OutboxTransaction.OutboxId));
        var available = transactionColumn(nameof(OutboxTransaction.AvailableAt));
        var messageTxId = messageColumn(nameof(OutboxMessage.OutboxId));
        var sequence = messageColumn(nameof(OutboxMessage.SequenceNumber));
        // A transaction without messages (a publish that failed and was caught by the consumer, say) is never claimed:
        // nothing would ever delete it, and it would take a place in every batch.
        var hasMessages = $"EXISTS (SELECT 1 FROM {messages} AS x WHERE x.{messageTxId} = t.{txId})";

        return dbContext.Database.ProviderName switch
        {
            "Npgsql.EntityFrameworkCore.PostgreSQL" => new OutboxStatements(
                $"SELECT m.* FROM {messages} AS m WHERE m.{messageTxId} IN (SELECT t.{txId} FROM {transactions} AS t WHERE t.{available} <= {{1}} AND {hasMessages} ORDER BY t.{available} LIMIT {{0}} FOR UPDATE SKIP LOCKED) ORDER BY m.{sequence}",
                $"DELETE FROM {messages} WHERE {messageTxId} = ANY({{0}}); DELETE FROM {transactions} WHERE {txId} = ANY({{0}})",
                idsAsJson: false),
            "Microsoft.EntityFrameworkCore.SqlServer" => new OutboxStatements(
                $"SELECT m.* FROM {messages} AS m WHERE m.{messageTxId} IN (SELECT TOP ({{0}}) t.{txId} FROM {transactions} AS t WITH (UPDLOCK, ROWLOCK, READPAST) WHERE t.{available} <= {{1}} AND {hasMessages} ORDER BY t.{available}) ORDER BY m.{sequence}",
                $"DELETE FROM {messages} WHERE {messageTxId} IN (SELECT CAST([value] AS uniqueidentifier) FROM OPENJSON({{0}})); DELETE FROM {transactions} WHERE {txId} IN (SELECT CAST([value] AS uniqueidentifier) FROM OPENJSON({{0}}))",
                idsAsJson: true),
            var other => throw new NotSupportedException($"No outbox statements for provider {other}."),
        };
    }

    static (string Table, Func<string, string> Column) Table<TEntity>(DbContext dbContext, ISqlGenerationHelper sql)
    {
        var entity = dbContext.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{dbContext.GetType().Name} does not map {typeof(TEntity).Name}.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return (sql.DelimitIdentifier(table.Name, table.Schema),
            property => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!));
    }
}
