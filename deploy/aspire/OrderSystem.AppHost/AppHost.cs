using OrderSystem.AppHost;

// The local run (deploy/local/up.sh): the services as processes under .NET Aspire, with its dashboard (resources,
// console logs, one trace per order, metrics). RabbitMQ and PostgreSQL are not containers here: up.sh installs and
// starts them, and this AppHost points the services at them with the settings of .env.
var builder = DistributedApplication.CreateBuilder(args);
var system = LocalSystem.Create(builder);

system.AddIdentity<Projects.OrderSystem_Identity>(defaultPort: 5005);
system.AddService<Projects.OrderSystem_Order>("order", defaultPort: 5001);
system.AddService<Projects.OrderSystem_Inventory>("inventory", defaultPort: 5002);
system.AddService<Projects.OrderSystem_Payment>("payment", defaultPort: 5003)
    .WithEnvironment("PaymentMethods__FingerprintKey", system.Secret("card-fingerprint-key", "CARD_FINGERPRINT_KEY"))
    // Development only, like Identity's password grant: ada's and bob's test cards under the README's fixed ids.
    .WithEnvironment("PaymentMethods__SeedDemoMethods", "true");
system.AddService<Projects.OrderSystem_Notification>("notification", defaultPort: 5004);

builder.Build().Run();
