using AwesomeAssertions;
using OrderSystem.Inventory.Features.ListProducts;
using OrderSystem.ServiceDefaults.Paging;

namespace OrderSystem.Tests.Inventory.Features;

/// <summary><c>GET /products</c>: paging.</summary>
public sealed class ListProductsTests
{
    [Fact]
    public void Paging_is_optional_but_bounded()
    {
        ListProducts.Paging(null, null, out var none).Should().BeNull();
        none.Should().BeEmpty();
        ListProducts.Paging("2", "50", out var valid).Should().Be(new PageRequest(2, 50));
        valid.Should().BeEmpty();
        ListProducts.Paging("0", null, out var badPage);
        badPage.Keys.Should().Equal("page");
        ListProducts.Paging(null, $"{ListProducts.Limits.MaxPageSize + 1}", out var badSize);
        badSize.Keys.Should().Equal("pageSize");
    }
}
