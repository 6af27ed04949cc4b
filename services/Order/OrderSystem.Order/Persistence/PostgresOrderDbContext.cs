using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Order.Persistence;

/// <summary>Order's DbContext on PostgreSQL (carries the PostgreSQL migrations).</summary>
public sealed class PostgresOrderDbContext(DbContextOptions<PostgresOrderDbContext> options) : OrderDbContext(options);
