using Microsoft.EntityFrameworkCore;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Identity.Persistence;

/// <summary>Identity's DbContext on SQL Server (carries the SQL Server migrations).</summary>
public sealed class SqlServerIdentityStoreDbContext(DbContextOptions<SqlServerIdentityStoreDbContext> options) : IdentityStoreDbContext(options);
