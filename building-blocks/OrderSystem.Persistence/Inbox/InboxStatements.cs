using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Persistence.Inbox;

/// <summary>The inbox's statements: names from the EF model, wording from the provider's <see cref="DatabaseDialect"/>.</summary>
public sealed class InboxStatements
{
    static readonly ConcurrentDictionary<(Type, string?), InboxStatements> Cache = new();

    InboxStatements(DbContext dbContext)
    {
        var dialect = DatabaseDialect.For(dbContext);
        var inbox = ModelTable.Of<InboxMessage>(dbContext);
        DeleteExpiredBatch = dialect.DeleteBatch(inbox.Name,
            [inbox.Column(nameof(InboxMessage.MessageId)), inbox.Column(nameof(InboxMessage.ConsumerId))],
            $"{inbox.Column(nameof(InboxMessage.ConsumedAt))} < {{0}}");
        BatchSize = dialect.MaxRowsPerStatement;
        Claim = $"INSERT INTO {inbox.Name} ({inbox.Column(nameof(InboxMessage.MessageId))}, {inbox.Column(nameof(InboxMessage.ConsumerId))}, " +
            $"{inbox.Column(nameof(InboxMessage.ConsumerType))}, {inbox.Column(nameof(InboxMessage.ConsumedAt))}) VALUES ({{0}}, {{1}}, {{2}}, {{3}})";
    }

    /// <summary>
    /// Claims message <c>{0}</c> for consumer <c>{1}</c> (type name <c>{2}</c>, consumed at <c>{3}</c>): one plain insert,
    /// without the change tracker and update pipeline that an entity save runs for every consumed message. A message
    /// already consumed fails on the primary key; a duplicate being consumed concurrently waits for that transaction.
    /// </summary>
    public string Claim { get; }

    /// <summary>
    /// Deletes at most <c>{1}</c> inbox rows consumed before <c>{0}</c>, skipping rows other transactions hold. Bounded, so
    /// SQL Server never escalates to a table lock that would block every consumer's inbox insert.
    /// </summary>
    public string DeleteExpiredBatch { get; }

    /// <summary>Rows per <see cref="DeleteExpiredBatch"/> on this engine.</summary>
    public int BatchSize { get; }

    /// <summary>The statements for <paramref name="dbContext"/>'s type and provider, built once.</summary>
    public static InboxStatements Cached(DbContext dbContext)
    {
        ArgumentNullException.ThrowIfNull(dbContext);
        // Asked for every message: a static factory, so a cache hit allocates no closure.
        return Cache.GetOrAdd((dbContext.GetType(), DatabaseDialect.For(dbContext).ProviderName), static (_, context) => new InboxStatements(context), dbContext);
    }
}
