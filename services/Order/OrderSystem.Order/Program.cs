using OrderSystem.Messaging;
using OrderSystem.Operations.DeadLetters;
using OrderSystem.Order.Features.Catalogue;
using OrderSystem.Order.Features.Fulfilment;
using OrderSystem.Order.Features.CancelOrder;
using OrderSystem.Order.Features.GetOrder;
using OrderSystem.Order.Features.ListOrders;
using OrderSystem.Order.Features.PlaceOrder;
using OrderSystem.Order.Persistence;
using OrderSystem.Persistence;
using OrderSystem.Persistence.Database;
using OrderSystem.ServiceDefaults;
using OrderSystem.Persistence.Sagas;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("order");
builder.AddServicePersistence<OrderDbContext, PostgresOrderDbContext, SqlServerOrderDbContext>();
builder.AddMessaging("order", bus =>
{
    bus.AddConsumer<ProductUpdatedConsumer>();
    bus.AddSagaStateMachine<OrderStateMachine, OrderState>(typeof(OrderStateDefinition))
        .EntityFrameworkRepository<OrderState, OrderDbContext>();
});
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddScoped<IOrderTimeline, OrderTimeline>();
builder.Services.AddHostedService<CatalogueSyncOnStartup>();
builder.Services.AddOptions<OrderSagaOptions>().BindConfiguration(OrderSagaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.AddDeadLetterAdmin();

var app = builder.Build();

app.MapDefaultEndpoints();
PlaceOrder.Map(app);
GetOrder.Map(app);
ListOrders.Map(app);
CancelOrder.Map(app);
app.MapGroup("/admin").RequireAuthorization(AuthorizationPolicies.Admin).MapDeadLetters();

app.Run();
