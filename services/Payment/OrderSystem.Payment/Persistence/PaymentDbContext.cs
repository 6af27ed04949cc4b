using Microsoft.EntityFrameworkCore;
using OrderSystem.Payment.Domain;
using OrderSystem.Persistence;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Payment.Persistence;

/// <summary>Payment's database: one payment record per order, the outbox and the inbox.</summary>
public abstract class PaymentDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    /// <summary>Payment records (captures, declines, pending captures, refunds, cancellations).</summary>
    public DbSet<Domain.Payment> Payments => Set<Domain.Payment>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Domain.Payment>(e =>
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
            e.Property(x => x.Reason).HasMaxLength(Domain.Payment.MaxReasonLength);
            e.Property(x => x.Version).IsConcurrencyToken();
            // The capture worker looks for due pending payments.
            e.HasIndex(x => new { x.Status, x.CaptureDueAt });
            e.HasIndex(x => x.CreatedAt);
        });
    }
}

/// <summary>Payment's DbContext on PostgreSQL (carries the PostgreSQL migrations).</summary>
public sealed class PostgresPaymentDbContext(DbContextOptions<PostgresPaymentDbContext> options) : PaymentDbContext(options);

/// <summary>Payment's DbContext on SQL Server (carries the SQL Server migrations).</summary>
public sealed class SqlServerPaymentDbContext(DbContextOptions<SqlServerPaymentDbContext> options) : PaymentDbContext(options);

sealed class PostgresPaymentDbContextFactory() : DesignTimeDbContextFactory<PostgresPaymentDbContext>(DatabaseProvider.Postgres);

sealed class SqlServerPaymentDbContextFactory() : DesignTimeDbContextFactory<SqlServerPaymentDbContext>(DatabaseProvider.SqlServer);
