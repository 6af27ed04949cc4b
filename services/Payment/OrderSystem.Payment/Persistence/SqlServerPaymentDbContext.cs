using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Payment.Persistence;

/// <summary>Payment's DbContext on SQL Server (carries the SQL Server migrations).</summary>
public sealed class SqlServerPaymentDbContext(DbContextOptions<SqlServerPaymentDbContext> options) : PaymentDbContext(options);
