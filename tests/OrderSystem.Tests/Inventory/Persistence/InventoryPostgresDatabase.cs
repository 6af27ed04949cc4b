using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Inventory.Domain;
using OrderSystem.Inventory.Persistence;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.Inventory.Persistence;

/// <summary>A throw-away Inventory database on the test database server, migrated once for the test class and dropped afterwards.</summary>
public sealed class InventoryPostgresDatabase : IAsyncLifetime
{
    /// <summary>Connection string of the test database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        ConnectionString = await RealInfrastructure.CreateDatabase("inventory");
        await using var db = NewContext();
        await db.Database.MigrateAsync();
    }

    /// <summary>A new context on the test database, for the run's provider (the caller disposes it).</summary>
    public InventoryDbContext NewContext() => RealInfrastructure.IsPostgres
        ? new PostgresInventoryDbContext(new DbContextOptionsBuilder<PostgresInventoryDbContext>().UseNpgsql(ConnectionString).Options)
        : new SqlServerInventoryDbContext(new DbContextOptionsBuilder<SqlServerInventoryDbContext>().UseSqlServer(ConnectionString).Options);

    /// <summary>Adds a product of its own SKU with <paramref name="onHand"/> units and returns the SKU.</summary>
    public async Task<string> AddProduct(int onHand)
    {
        var sku = "T-" + Guid.NewGuid().ToString("N")[..12];
        await using var db = NewContext();
        db.Products.Add(Product.Create(sku, "Test product", 10m, onHand));
        await db.SaveChangesAsync();
        return sku;
    }

    /// <summary>The product's stock as stored (asserting that <c>available</c> adds up).</summary>
    public async Task<(int OnHand, int Reserved, int Sold)> Stock(string sku)
    {
        await using var db = NewContext();
        var product = await db.Products.AsNoTracking().SingleAsync(p => p.Sku == sku);
        product.Available.Should().Be(product.OnHand - product.Reserved);
        return (product.OnHand, product.Reserved, product.Sold);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await RealInfrastructure.DropDatabase(ConnectionString);
}
