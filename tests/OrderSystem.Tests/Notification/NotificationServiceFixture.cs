using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Contracts;
using OrderSystem.Notification.Email;
using OrderSystem.Notification.Persistence;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.Notification;

/// <summary>The Notification service on the real RabbitMQ and PostgreSQL with a recording email sender.</summary>
public sealed class NotificationServiceFixture : IAsyncLifetime
{
    public RecordingEmailSender Email { get; } = new();

    public InProcessService<NotificationDbContext> Service { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Service = await InProcessService.Start<NotificationDbContext>("notification", Exchanges.Notification,
        testServices: services => services.AddSingleton<IEmailSender>(Email));

    public async ValueTask DisposeAsync()
    {
        if (Service is not null)
            await Service.DisposeAsync();
    }
}
