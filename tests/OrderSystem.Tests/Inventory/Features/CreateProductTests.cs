using AwesomeAssertions;
using OrderSystem.Inventory.Features.CreateProduct;
using OrderSystem.Inventory.Features.SetStock;

namespace OrderSystem.Tests.Inventory.Features;

/// <summary><c>POST /products</c>: every invalid field of a new product is named.</summary>
public sealed class CreateProductTests
{
    static CreateProduct.Request Valid => new("KB-001", "Mechanical keyboard", 89.90m, 100);

    [Fact]
    public void A_valid_product_passes() => CreateProduct.Validate(Valid).Should().BeEmpty();

    [Theory]
    [InlineData("A")]
    [InlineData("abc-DEF_1.2")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public void Valid_skus_pass(string sku) => CreateProduct.Validate(Valid with { Sku = sku }).Should().BeEmpty();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/")]
    [InlineData("quote'")]
    [InlineData("ümlaut")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    public void Invalid_skus_are_named(string? sku) =>
        CreateProduct.Validate(Valid with { Sku = sku }).Keys.Should().Equal("sku");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\there")]
    [InlineData("nul\0")]
    public void Invalid_names_are_named(string? name) =>
        CreateProduct.Validate(Valid with { Name = name }).Keys.Should().Equal("name");

    [Fact]
    public void Names_with_broken_unicode_are_named()
    {
        // Built in code: attribute arguments cannot carry a lone surrogate (it becomes U+FFFD).
        var lone = "lone " + (char)0xD800 + " surrogate";
        var reversed = "pair " + (char)0xDC00 + (char)0xD800;

        CreateProduct.Validate(Valid with { Name = lone }).Keys.Should().Equal("name");
        CreateProduct.Validate(Valid with { Name = reversed }).Keys.Should().Equal("name");
    }

    [Fact]
    public void Names_allow_200_characters_and_real_unicode()
    {
        CreateProduct.Validate(Valid with { Name = new string('n', 200) }).Should().BeEmpty();
        CreateProduct.Validate(Valid with { Name = "Stand 🎧 für Kopfhörer" }).Should().BeEmpty();
        CreateProduct.Validate(Valid with { Name = new string('n', 201) }).Keys.Should().Equal("name");
    }

    [Theory]
    [InlineData("0.01")]
    [InlineData("1000000")]
    [InlineData("12.50")]
    [InlineData("12.500")]
    public void Valid_prices_pass(string price) =>
        CreateProduct.Validate(Valid with { UnitPrice = decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture) }).Should().BeEmpty();

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("0.009")]
    [InlineData("-1")]
    [InlineData("1000000.01")]
    [InlineData("1.234")]
    public void Invalid_prices_are_named(string? price) =>
        CreateProduct.Validate(Valid with { UnitPrice = price is null ? null : decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture) })
            .Keys.Should().Equal("unitPrice");

    [Theory]
    [InlineData(null)]
    [InlineData(-1)]
    [InlineData(1_000_001)]
    public void Invalid_stock_is_named(int? onHand)
    {
        CreateProduct.Validate(Valid with { OnHand = onHand }).Keys.Should().Equal("onHand");
        SetStock.Validate(new SetStock.Request(onHand)).Keys.Should().Equal("onHand");
    }

    [Fact]
    public void Every_invalid_field_is_reported_at_once() =>
        CreateProduct.Validate(new CreateProduct.Request(null, null, null, null)).Keys
            .Should().BeEquivalentTo(["sku", "name", "unitPrice", "onHand"]);
}
