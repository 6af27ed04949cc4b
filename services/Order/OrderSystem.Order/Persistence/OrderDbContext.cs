using Microsoft.EntityFrameworkCore;
using OrderSystem.Order.Domain;
using OrderSystem.Order.Features.Fulfilment;
using OrderSystem.Persistence.Sagas;
using OrderSystem.Persistence;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Order.Persistence;

/// <summary>Order's database: orders, the catalogue replica, the saga state, the outbox and the inbox.</summary>
public abstract class OrderDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    /// <summary>Orders with their items and history.</summary>
    public DbSet<CustomerOrder> Orders => Set<CustomerOrder>();

    /// <summary>The catalogue replica used to price orders.</summary>
    public DbSet<CatalogueItem> Catalogue => Set<CatalogueItem>();

    /// <summary>Answers remembered for Idempotency-Key retries.</summary>
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    /// <summary>The fulfilment saga's instances.</summary>
    public DbSet<OrderState> OrderSagas => Set<OrderState>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        modelBuilder.Entity<CustomerOrder>(e =>
        {
            e.ToTable("Orders");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            // Customer ids and idempotency keys match exactly, on SQL Server too (its default collation ignores case).
            OrdinalText(e.Property(x => x.CustomerId), 64);
            e.Property(x => x.CustomerEmail).HasMaxLength(254);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Total).HasPrecision(18, 2);
            e.Property(x => x.CancellationReason).HasMaxLength(500);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.CustomerId, x.PlacedAt });
            e.HasIndex(x => new { x.Status, x.PlacedAt });
            e.OwnsMany(x => x.Items, items =>
            {
                items.ToTable("OrderItems");
                items.WithOwner().HasForeignKey("OrderId");
                items.Property<long>("Id");
                items.HasKey("Id");
                OrdinalText(items.Property(i => i.Sku), 64);
                items.Property(i => i.Name).HasMaxLength(200);
                items.Property(i => i.UnitPrice).HasPrecision(18, 2);
            });
            e.OwnsMany(x => x.History, history =>
            {
                history.ToTable("OrderHistory");
                history.WithOwner().HasForeignKey("OrderId");
                history.Property<long>("Id");
                history.HasKey("Id");
                history.Property(h => h.Event).HasMaxLength(64);
                history.Property(h => h.Detail).HasMaxLength(500);
            });
            e.Navigation(x => x.Items).UsePropertyAccessMode(PropertyAccessMode.Field);
            e.Navigation(x => x.History).UsePropertyAccessMode(PropertyAccessMode.Field);
        });

        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("IdempotencyRecords");
            e.HasKey(x => x.Key);
            OrdinalText(e.Property(x => x.Key), 100);
            e.Property(x => x.RequestHash).HasMaxLength(64);
        });

        var saga = modelBuilder.MapSaga<OrderState>("OrderSagas");
        saga.Property(x => x.CurrentState).HasMaxLength(64);
        saga.Property(x => x.CustomerId).HasMaxLength(64);
        saga.Property(x => x.CustomerEmail).HasMaxLength(254);
        saga.Property(x => x.Amount).HasPrecision(18, 2);
        saga.Property(x => x.CancellationReason).HasMaxLength(500);
        saga.Property(x => x.CancellationCause).HasConversion<string>().HasMaxLength(32);
        saga.HasIndex(x => x.CurrentState);

        modelBuilder.Entity<CatalogueItem>(e =>
        {
            e.ToTable("Catalogue");
            e.HasKey(x => x.Sku);
            OrdinalText(e.Property(x => x.Sku), 64);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.UnitPrice).HasPrecision(18, 2);
        });
    }
}
