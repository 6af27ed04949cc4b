using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Notification.Persistence;

/// <summary>Notification's DbContext on SQL Server (carries the SQL Server migrations).</summary>
public sealed class SqlServerNotificationDbContext(DbContextOptions<SqlServerNotificationDbContext> options) : NotificationDbContext(options);
