using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Persistence.Outbox;

/// <summary>
/// The outbox relay's statements, one round trip each: names from the EF model, wording from the provider's
/// <see cref="DatabaseDialect"/>. Both statements that delete outbox rows (the relay's and a cancelled schedule's) are
/// this one <see cref="DeleteTransactions"/>, so every path takes the outbox's row locks in the same order.
/// </summary>
public sealed class OutboxStatements
{
    static readonly ConcurrentDictionary<(Type, string?), OutboxStatements> Cache = new();

    readonly DatabaseDialect _dialect;

    OutboxStatements(DbContext dbContext)
    {
        _dialect = DatabaseDialect.For(dbContext);
        var transactions = ModelTable.Of<OutboxTransaction>(dbContext);
        var messages = ModelTable.Of<OutboxMessage>(dbContext);

        var txId = transactions.Column(nameof(OutboxTransaction.OutboxId));
        var available = transactions.Column(nameof(OutboxTransaction.AvailableAt));
        var messageTxId = messages.Column(nameof(OutboxMessage.OutboxId));
        var position = messages.Column(nameof(OutboxMessage.Position));
        // A transaction without messages (a publish that failed and was caught by the consumer, say) is never claimed:
        // nothing would ever delete it, and it would take a place in every batch.
        var due = $"t.{available} <= {{1}} AND EXISTS (SELECT 1 FROM {messages.Name} AS x WHERE x.{messageTxId} = t.{txId})";
        var claimed = _dialect.ClaimKeys(transactions.Name, txId, due, $"t.{available}");

        ClaimMessages = $"SELECT m.* FROM {messages.Name} AS m WHERE m.{messageTxId} IN ({claimed}) ORDER BY m.{messageTxId}, m.{position}";
        // The transaction row first: it is what the relay's claim locks, so a second deleter (a schedule being cancelled)
        // queues behind the relay on that row before touching any message row, instead of holding messages the relay
        // is about to delete while waiting for the row the relay holds (a deadlock).
        DeleteTransactions = $"DELETE FROM {transactions.Name} WHERE {_dialect.IsOneOfIds(txId)}; " +
            $"DELETE FROM {messages.Name} WHERE {_dialect.IsOneOfIds(messageTxId)}";
        MaxTransactionsPerPass = _dialect.MaxOutboxTransactionsPerPass;
    }

    /// <summary>
    /// Claims up to <c>{0}</c> outbox transactions (with messages) available at <c>{1}</c>, oldest first, and returns all their
    /// messages, each transaction's in <see cref="OutboxMessage.Position"/> order. The transaction rows stay locked until the
    /// relay's transaction ends; rows another relay holds are skipped rather than waited for, so replicas work side by side.
    /// For <c>FromSqlRaw</c> on <see cref="OutboxMessage"/>.
    /// </summary>
    public string ClaimMessages { get; }

    /// <summary>Deletes the outbox transactions whose ids are <c>{0}</c> (see <see cref="IdsParameter"/>), then their messages.</summary>
    public string DeleteTransactions { get; }

    /// <summary>Most transactions one <see cref="ClaimMessages"/> may claim on this engine.</summary>
    public int MaxTransactionsPerPass { get; }

    /// <summary>The parameter for <see cref="DeleteTransactions"/>: an array on PostgreSQL, a JSON array on SQL Server.</summary>
    public object IdsParameter(IReadOnlyCollection<Guid> ids) => _dialect.IdList(ids);

    /// <summary>The statements for <paramref name="dbContext"/>'s type and provider, built once.</summary>
    public static OutboxStatements Cached(DbContext dbContext)
    {
        ArgumentNullException.ThrowIfNull(dbContext);
        // Asked for every message: a static factory, so a cache hit allocates no closure.
        return Cache.GetOrAdd((dbContext.GetType(), DatabaseDialect.For(dbContext).ProviderName), static (_, context) => new OutboxStatements(context), dbContext);
    }

    /// <summary>Builds the statements for <paramref name="dbContext"/>'s provider and model.</summary>
    public static OutboxStatements For(DbContext dbContext)
    {
        ArgumentNullException.ThrowIfNull(dbContext);
        return new OutboxStatements(dbContext);
    }
}
