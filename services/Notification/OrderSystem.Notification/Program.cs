using OrderSystem.Operations.DeadLetters;
using OrderSystem.Messaging;
using OrderSystem.Notification.Email;
using OrderSystem.Notification.Features.ListNotifications;
using OrderSystem.Notification.Features.NotifyCustomer;
using OrderSystem.Notification.Persistence;
using OrderSystem.Persistence;
using OrderSystem.Persistence.Database;
using OrderSystem.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("notification");
builder.AddServicePersistence<NotificationDbContext, PostgresNotificationDbContext, SqlServerNotificationDbContext>();
builder.AddMessaging("notification", bus =>
{
    bus.AddConsumer<OrderConfirmedConsumer>();
    bus.AddConsumer<OrderCancelledConsumer>();
});
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddEmail();
builder.Services.AddScoped<OrderOutcomeNotifier>();
builder.AddDeadLetterAdmin();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGroup("/admin").RequireAuthorization(AuthorizationPolicies.Admin).MapDeadLetters();
ListNotifications.Map(app);

app.Run();
