using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Payment.Persistence;

/// <summary>Payment's DbContext on PostgreSQL (carries the PostgreSQL migrations).</summary>
public sealed class PostgresPaymentDbContext(DbContextOptions<PostgresPaymentDbContext> options) : PaymentDbContext(options);
