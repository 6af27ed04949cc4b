using Microsoft.EntityFrameworkCore;
using OrderSystem.Persistence;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Notification.Persistence;

/// <summary>Notification's database: one notification per final order, the outbox and the inbox.</summary>
public abstract class NotificationDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    /// <summary>Notifications sent.</summary>
    public DbSet<Domain.Notification> Notifications => Set<Domain.Notification>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Domain.Notification>(e =>
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
            e.Property(x => x.Subject).HasMaxLength(Domain.Notification.MaxSubjectLength);
            e.Property(x => x.Reason).HasMaxLength(Domain.Notification.MaxReasonLength);
            e.Property(x => x.Channel).HasMaxLength(16);
            e.HasIndex(x => x.SentAt);
        });
    }
}

/// <summary>Notification's DbContext on PostgreSQL (carries the PostgreSQL migrations).</summary>
public sealed class PostgresNotificationDbContext(DbContextOptions<PostgresNotificationDbContext> options) : NotificationDbContext(options);

/// <summary>Notification's DbContext on SQL Server (carries the SQL Server migrations).</summary>
public sealed class SqlServerNotificationDbContext(DbContextOptions<SqlServerNotificationDbContext> options) : NotificationDbContext(options);

sealed class PostgresNotificationDbContextFactory() : DesignTimeDbContextFactory<PostgresNotificationDbContext>(DatabaseProvider.Postgres);

sealed class SqlServerNotificationDbContextFactory() : DesignTimeDbContextFactory<SqlServerNotificationDbContext>(DatabaseProvider.SqlServer);
