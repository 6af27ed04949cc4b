using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Order.Persistence;

/// <summary>Order's DbContext on SQL Server (carries the SQL Server migrations).</summary>
public sealed class SqlServerOrderDbContext(DbContextOptions<SqlServerOrderDbContext> options) : OrderDbContext(options);
