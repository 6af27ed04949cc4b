using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrderSystem.Persistence.Database;
using OrderSystem.Persistence.Inbox;
using OrderSystem.Persistence.Outbox;

namespace OrderSystem.Persistence;

/// <summary>
/// Base class of every service's one DbContext: the domain tables, the saga state, the outbox and the inbox
/// live together so a single transaction covers a state change and the messages it causes.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>Messages waiting to be relayed to the broker.</summary>
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    /// <summary>Transactions whose messages wait to be relayed.</summary>
    public DbSet<OutboxTransaction> OutboxTransactions => Set<OutboxTransaction>();

    /// <summary>Messages already processed, per consumer.</summary>
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    /// <summary>What this context's database engine says differently (locks, batch limits, error codes, id order).</summary>
    public DatabaseDialect Dialect => DatabaseDialect.For(this);

    /// <summary>A new id in the ascending order of this engine's indexes: for keys of rows inserted often.</summary>
    public Guid NewSequentialId() => Dialect.NewSequentialId();

    /// <summary>Set while saved outbox messages wait for their transaction to commit; then the relay is woken.</summary>
    internal bool HasUncommittedOutboxMessages { get; set; }

    List<Action>? _afterCommit;

    /// <summary>
    /// Runs <paramref name="action"/> once the current transaction commits, and never if it rolls back: for effects that
    /// must not happen twice when a message is retried (metrics of an outcome, for example). Needs an open transaction.
    /// </summary>
    public void AfterCommit(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Database.CurrentTransaction is null)
            throw new InvalidOperationException("AfterCommit needs an open transaction.");
        (_afterCommit ??= []).Add(action);
    }

    /// <summary>Runs (committed) or drops the actions registered with <see cref="AfterCommit"/>.</summary>
    internal void EndTransaction(bool committed)
    {
        var actions = _afterCommit;
        _afterCommit = null;
        if (committed && actions is not null)
        {
            foreach (var action in actions)
                action();
        }
    }

    /// <summary>
    /// Makes a text key (a SKU, a code) compare and sort ordinally on both engines: SQL Server's default collation is
    /// case-insensitive and PostgreSQL's follows the database locale, so without this "kb-001" and "KB-001" would be one
    /// product on one engine and two on the other.
    /// </summary>
    protected void OrdinalText(PropertyBuilder<string> property, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(property);
        property.HasMaxLength(maxLength).UseCollation(Dialect.BinaryCollation);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("OutboxMessages");
            e.HasKey(x => x.SequenceNumber);
            e.Property(x => x.SequenceNumber).ValueGeneratedOnAdd();
            e.HasIndex(x => new { x.OutboxId, x.Position });
            e.Property(x => x.ContentType).HasMaxLength(256);
            e.Property(x => x.MessageType).HasMaxLength(1024);
            e.Property(x => x.TraceParent).HasMaxLength(64);
            e.Property(x => x.TraceState).HasMaxLength(512);
        });
        modelBuilder.Entity<OutboxTransaction>(e =>
        {
            e.ToTable("OutboxTransactions");
            e.HasKey(x => x.OutboxId);
            e.HasIndex(x => x.AvailableAt);
            e.Property(x => x.LastError).HasMaxLength(1000);
        });
        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.ToTable("InboxMessages");
            e.HasKey(x => new { x.MessageId, x.ConsumerId });
            e.Property(x => x.ConsumerType).HasMaxLength(256);
            e.HasIndex(x => x.ConsumedAt);
        });
    }
}
