using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;
using OrderSystem.Inventory.Domain;
using OrderSystem.Persistence;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Inventory.Persistence;

/// <summary>Inventory's database: products, reservations, the outbox and the inbox.</summary>
public abstract class InventoryDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    /// <summary>The catalogue with stock.</summary>
    public DbSet<Product> Products => Set<Product>();

    /// <summary>What was decided per order.</summary>
    public DbSet<Reservation> Reservations => Set<Reservation>();

    /// <summary>
    /// Loads the products with these SKUs and, inside a transaction, locks their rows until it ends
    /// (the dialect's row lock: <c>FOR UPDATE</c> on PostgreSQL, <c>UPDLOCK</c> on SQL Server), in SKU order (<c>ORDER BY</c> the
    /// binary-collated key) so that two orders never deadlock.
    /// Concurrent consumers touching the same product then queue up instead of failing on the <see cref="Product.Version"/>
    /// check; that check still guards against any writer that does not lock (e.g. the stock endpoint).
    /// </summary>
    public async Task<Dictionary<string, Product>> LockProductsAsync(IEnumerable<string> skus, CancellationToken cancellationToken)
    {
        var keys = skus.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (keys.Length == 0)
            return new Dictionary<string, Product>(StringComparer.Ordinal);

        var products = ModelTable.Of<Product>(this);
        var query = Dialect.LockRowsInKeyOrder(products.Name, products.Column(nameof(Product.Sku)), keys.Length);

        return await Products.FromSqlRaw(query, keys.Cast<object>().ToArray())
            .ToDictionaryAsync(p => p.Sku, StringComparer.Ordinal, cancellationToken);
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Check constraints are raw SQL: quote identifiers the way this context's provider does ("x" or [x]).
        var sql = this.GetService<ISqlGenerationHelper>();

        modelBuilder.Entity<Product>(e =>
        {
            e.ToTable("Products");
            e.HasKey(x => x.Sku);
            SkuColumn(e.Property(x => x.Sku));
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.UnitPrice).HasPrecision(18, 2);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.Available);

            var onHand = sql.DelimitIdentifier(e.Property(x => x.OnHand).Metadata.GetColumnName());
            var reserved = sql.DelimitIdentifier(e.Property(x => x.Reserved).Metadata.GetColumnName());
            var sold = sql.DelimitIdentifier(e.Property(x => x.Sold).Metadata.GetColumnName());
            // The last line of defence against overselling, should a code path ever bypass the aggregate.
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_Products_Stock", $"{reserved} >= 0 AND {reserved} <= {onHand}");
                t.HasCheckConstraint("CK_Products_Sold", $"{sold} >= 0");
            });
        });

        modelBuilder.Entity<Reservation>(e =>
        {
            e.ToTable("Reservations");
            e.HasKey(x => x.OrderId);
            e.Property(x => x.OrderId).ValueGeneratedNever();
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Reason).HasMaxLength(Reservation.MaxReasonLength);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.IsTombstone);
            e.OwnsMany(x => x.Lines, lines =>
            {
                lines.ToTable("ReservationLines", t =>
                {
                    var quantity = sql.DelimitIdentifier(lines.Property(l => l.Quantity).Metadata.GetColumnName());
                    t.HasCheckConstraint("CK_ReservationLines_Quantity", $"{quantity} > 0");
                });
                lines.WithOwner().HasForeignKey("OrderId");
                lines.Property<long>("Id");
                lines.HasKey("Id");
                SkuColumn(lines.Property(l => l.Sku));
            });
            e.Navigation(x => x.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
    }

    void SkuColumn(PropertyBuilder<string> property) => OrdinalText(property, 64);
}
