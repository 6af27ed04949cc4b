using Microsoft.EntityFrameworkCore;
using OrderSystem.Payment.Domain;
using OrderSystem.Persistence;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Payment.Persistence;

/// <summary>Payment's database: the customers' payment methods (no card numbers), one payment record per order, the outbox and the inbox.</summary>
public abstract class PaymentDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    /// <summary>Payment records (captures, declines, pending captures, refunds, cancellations).</summary>
    public DbSet<OrderPayment> Payments => Set<OrderPayment>();

    /// <summary>Registered cards: fingerprint, brand, last four digits and test-card behaviour, never the number.</summary>
    public DbSet<PaymentMethod> PaymentMethods => Set<PaymentMethod>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<OrderPayment>(e =>
        {
            e.ToTable("Payments");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            // One payment per order: the database itself refuses a second capture for the same order.
            e.HasIndex(x => x.OrderId).IsUnique();
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Amount).HasPrecision(18, 2);
            e.Property(x => x.CardLast4).HasMaxLength(4);
            e.Property(x => x.CustomerId).HasMaxLength(64);
            // A customer's list of payments.
            e.HasIndex(x => new { x.CustomerId, x.CreatedAt });
            e.Property(x => x.Reason).HasMaxLength(OrderPayment.MaxReasonLength);
            e.Property(x => x.Version).IsConcurrencyToken();
            // The capture worker looks for due pending payments.
            e.HasIndex(x => new { x.Status, x.CaptureDueAt });
            e.HasIndex(x => x.CreatedAt);
        });
        modelBuilder.Entity<PaymentMethod>(e =>
        {
            e.ToTable("PaymentMethods");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            // Compared exactly on both engines: "ada" and "ADA" are two owners, a fingerprint is one exact value.
            OrdinalText(e.Property(x => x.CustomerId), PaymentMethod.MaxCustomerIdLength);
            e.Property(x => x.Brand).HasMaxLength(16);
            e.Property(x => x.Last4).HasMaxLength(4);
            OrdinalText(e.Property(x => x.Fingerprint), 64);
            e.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(24);
            e.Property(x => x.DeclineReason).HasMaxLength(100);
            e.Ignore(x => x.Decision);
            // One payment method per card and customer: registering the same card again finds it.
            e.HasIndex(x => new { x.CustomerId, x.Fingerprint }).IsUnique();
        });
    }
}
