using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;

namespace OrderSystem.Inventory.Persistence;

/// <summary>Inventory's DbContext on PostgreSQL.</summary>
public sealed class PostgresInventoryDbContext(DbContextOptions<PostgresInventoryDbContext> options) : InventoryDbContext(options);
