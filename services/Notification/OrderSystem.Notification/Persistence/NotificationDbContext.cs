using OrderSystem.Notification.Domain;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Persistence;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Notification.Persistence;

/// <summary>Notification's database: one notification per final order, the outbox and the inbox.</summary>
public abstract class NotificationDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    /// <summary>Notifications sent.</summary>
    public DbSet<OrderNotification> Notifications => Set<OrderNotification>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<OrderNotification>(e =>
        {
            e.ToTable("Notifications");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            // Exactly one notification per final order, whatever is redelivered or duplicated.
            e.HasIndex(x => x.OrderId).IsUnique();
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Recipient).HasMaxLength(254);
            e.Property(x => x.CustomerId).HasMaxLength(64);
            // A customer's list of notifications.
            e.HasIndex(x => new { x.CustomerId, x.SentAt });
            e.Property(x => x.Subject).HasMaxLength(OrderNotification.MaxSubjectLength);
            e.Property(x => x.Reason).HasMaxLength(OrderNotification.MaxReasonLength);
            e.Property(x => x.Channel).HasMaxLength(16);
            e.HasIndex(x => x.SentAt);
        });
    }
}
