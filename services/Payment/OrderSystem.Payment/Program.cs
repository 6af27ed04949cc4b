using OrderSystem.Operations.DeadLetters;
using OrderSystem.Messaging;
using OrderSystem.Payment.Features.Charge;
using OrderSystem.Payment.Features.ListPayments;
using OrderSystem.Payment.Features.PaymentMethods;
using OrderSystem.Payment.Features.Refund;
using OrderSystem.Payment.Persistence;
using OrderSystem.Persistence;
using OrderSystem.Persistence.Database;
using OrderSystem.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("payment");
builder.AddServicePersistence<PaymentDbContext, PostgresPaymentDbContext, SqlServerPaymentDbContext>();
builder.AddMessaging("payment", bus =>
{
    bus.AddConsumer<PaymentRequestedConsumer>();
    bus.AddConsumer<RefundRequestedConsumer>();
});
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddValidatedOptions<PaymentOptions>(PaymentOptions.SectionName);
builder.Services.AddHostedService<DelayedCaptureWorker>();
builder.Services.AddValidatedOptions<PaymentMethodOptions>(PaymentMethodOptions.SectionName);
builder.Services.AddSingleton<CardFingerprints>();
builder.Services.AddHostedService<DemoPaymentMethodSeeder>();
builder.AddDeadLetterAdmin();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGroup("/admin").RequireAuthorization(AuthorizationPolicies.Admin).MapDeadLetters();
ListPayments.Map(app);
RegisterPaymentMethod.Map(app);
ListPaymentMethods.Map(app);

app.Run();
