using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Inventory.Persistence;

sealed class SqlServerInventoryDbContextFactory() : DesignTimeDbContextFactory<SqlServerInventoryDbContext>(DatabaseProvider.SqlServer);
