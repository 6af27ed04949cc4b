using OrderSystem.Inventory.Features.Catalogue;
using OrderSystem.Inventory.Features.ChangeProduct;
using OrderSystem.Inventory.Features.CreateProduct;
using OrderSystem.Inventory.Features.GetProduct;
using OrderSystem.Inventory.Features.ListProducts;
using OrderSystem.Inventory.Features.Reservations;
using OrderSystem.Inventory.Features.SetStock;
using OrderSystem.Inventory.Persistence;
using OrderSystem.Messaging;
using OrderSystem.Operations.DeadLetters;
using OrderSystem.Persistence;
using OrderSystem.Persistence.Database;
using OrderSystem.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("inventory");
builder.AddServicePersistence<InventoryDbContext, PostgresInventoryDbContext, SqlServerInventoryDbContext>();
builder.AddMessaging("inventory", bus =>
{
    bus.AddConsumer<OrderPlacedConsumer>();
    bus.AddConsumer<CatalogueSyncRequestedConsumer>();
    bus.AddConsumer<StockReleaseRequestedConsumer>();
    bus.AddConsumer<OrderConfirmedConsumer>();
});
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHostedService<CatalogueSeeder>();
builder.AddDeadLetterAdmin();

var app = builder.Build();

app.MapDefaultEndpoints();
ListProducts.Map(app);
GetProduct.Map(app);
CreateProduct.Map(app);
ChangeProduct.Map(app);
SetStock.Map(app);
app.MapGroup("/admin").RequireAuthorization(AuthorizationPolicies.Admin).MapDeadLetters();

app.Run();
