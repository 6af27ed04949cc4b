using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;

namespace OrderSystem.Inventory.Persistence;

/// <summary>Inventory's DbContext on SQL Server.</summary>
public sealed class SqlServerInventoryDbContext(DbContextOptions<SqlServerInventoryDbContext> options) : InventoryDbContext(options);
