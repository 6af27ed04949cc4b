using OrderSystem.ServiceDefaults.Paging;
using AwesomeAssertions;
using OrderSystem.Inventory.Features.Catalogue;
using OrderSystem.Inventory.Features.ChangeProduct;
using OrderSystem.Inventory.Features.CreateProduct;
using OrderSystem.Inventory.Features.SetStock;
using OrderSystem.Order.Features.GetOrder;
using OrderSystem.Order.Features.ListOrders;
using OrderSystem.Order.Features.PlaceOrder;
using OrderSystem.ServiceDefaults;

namespace OrderSystem.Tests.OpenApi;

/// <summary>The schema id rule: unique per type, so nested records of different slices never collide.</summary>
public sealed class OpenApiSchemaIdsTests
{
    [Fact]
    public void Nested_types_are_named_with_their_declaring_types()
    {
        OpenApiSchemaIds.For(typeof(PlaceOrder.Response)).Should().Be("PlaceOrderResponse");
        OpenApiSchemaIds.For(typeof(ListOrders.Summary)).Should().Be("ListOrdersSummary");
        OpenApiSchemaIds.For(typeof(Outer.Middle.Inner)).Should().Be("OpenApiSchemaIdsTestsOuterMiddleInner");
    }

    [Fact]
    public void Generic_types_are_named_with_their_arguments()
    {
        OpenApiSchemaIds.For(typeof(List<GetOrder.Item>)).Should().Be("ListOfGetOrderItem");
        OpenApiSchemaIds.For(typeof(PaginatedItems<ListOrders.Summary>)).Should().Be("PaginatedItemsOfListOrdersSummary");
        OpenApiSchemaIds.For(typeof(Outer.Page<Outer.Middle.Inner>)).Should().Be("OpenApiSchemaIdsTestsOuterPageOfOpenApiSchemaIdsTestsOuterMiddleInner");
    }

    [Fact]
    public void Plain_types_keep_their_name()
    {
        OpenApiSchemaIds.For(typeof(ProductResponse)).Should().Be("ProductResponse");
    }

    [Fact]
    public void The_same_short_name_in_two_slices_gives_two_ids()
    {
        var types = new[]
        {
            typeof(PlaceOrder.Response), typeof(PaginatedItems<ListOrders.Summary>),
            typeof(GetOrder.Response), typeof(PlaceOrder.Request),
            typeof(CreateProduct.Request), typeof(ChangeProduct.Request),
            typeof(SetStock.Request),
        };

        types.Select(OpenApiSchemaIds.For).Should().OnlyHaveUniqueItems();
    }

    static class Outer
    {
        public static class Middle
        {
            public sealed record Inner;
        }

        public sealed record Page<T>(T Item);
    }
}
