using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Notification.Persistence;

/// <summary>Notification's DbContext on PostgreSQL (carries the PostgreSQL migrations).</summary>
public sealed class PostgresNotificationDbContext(DbContextOptions<PostgresNotificationDbContext> options) : NotificationDbContext(options);
