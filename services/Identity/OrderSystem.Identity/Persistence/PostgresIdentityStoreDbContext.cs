using Microsoft.EntityFrameworkCore;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Identity.Persistence;

/// <summary>Identity's DbContext on PostgreSQL (carries the PostgreSQL migrations).</summary>
public sealed class PostgresIdentityStoreDbContext(DbContextOptions<PostgresIdentityStoreDbContext> options) : IdentityStoreDbContext(options);
