using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderSystem.Inventory.Domain;

namespace OrderSystem.Tests.Inventory.Persistence;

/// <summary>Inventory's database rules on a real PostgreSQL: optimistic concurrency, the stock check constraint, ordinal SKUs.</summary>
public sealed class InventoryDatabaseTests(InventoryPostgresDatabase database) : IClassFixture<InventoryPostgresDatabase>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_writers_of_the_last_unit_cannot_both_save()
    {
        var sku = await database.AddProduct(onHand: 1);

        await using var first = database.NewContext();
        await using var second = database.NewContext();
        var a = await first.Products.SingleAsync(p => p.Sku == sku, Ct);
        var b = await second.Products.SingleAsync(p => p.Sku == sku, Ct);
        a.Reserve(1);
        b.Reserve(1);

        await first.SaveChangesAsync(Ct);
        var secondSave = () => second.SaveChangesAsync(Ct);

        await secondSave.Should().ThrowAsync<DbUpdateConcurrencyException>();
        second.ChangeTracker.Clear();
        var fresh = await second.Products.SingleAsync(p => p.Sku == sku, Ct);
        fresh.CanReserve(1).Should().BeFalse("the retry sees the first writer's reservation");
        (await database.Stock(sku)).Should().Be((1, 1, 0));
    }

    [Fact]
    public async Task The_check_constraint_refuses_more_reserved_than_on_hand()
    {
        var sku = await database.AddProduct(onHand: 2);

        await using var db = database.NewContext();
        var act = () => db.Database.ExecuteSqlAsync($"UPDATE \"Products\" SET \"Reserved\" = \"OnHand\" + 1 WHERE \"Sku\" = {sku}", Ct);

        (await act.Should().ThrowAsync<PostgresException>()).Which.ConstraintName.Should().Be("CK_Products_Stock");
    }

    [Fact]
    public async Task Skus_are_case_sensitive_and_listed_in_ordinal_order()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await using (var db = database.NewContext())
        {
            db.Products.AddRange(
                Product.Create($"zz-{suffix}", "lower", 1m, 1),
                Product.Create($"ZZ-{suffix}", "upper", 1m, 1));
            await db.SaveChangesAsync(Ct);
        }

        await using var read = database.NewContext();
        var skus = await read.Products.Where(p => p.Sku.EndsWith(suffix)).OrderBy(p => p.Sku).Select(p => p.Sku).ToListAsync(Ct);

        skus.Should().Equal($"ZZ-{suffix}", $"zz-{suffix}");
    }
}
