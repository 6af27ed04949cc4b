using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Contracts;
using OrderSystem.Notification.Email;
using OrderSystem.Notification.Persistence;
using OrderSystem.Tests.Hosts;
using OrderSystem.Tests.Notification;
using OrderSystem.Tests.Support;
using RabbitMQ.Client;

namespace OrderSystem.Tests.Security;

/// <summary>
/// The real Notification service on its own vhost, connected as a broker user with Notification's deployed permissions
/// (deploy/local/lib.sh <c>broker_permissions</c>), plus a second user with the same rules for the test to act as a
/// compromised Notification.
/// </summary>
public sealed class BrokerPermissionFixture : IAsyncLifetime
{
    public InProcessService<NotificationDbContext> Notification { get; private set; } = null!;

    /// <summary>A connection factory for the vhost as a Notification user.</summary>
    public ConnectionFactory AsNotification { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Notification = await InProcessService.Start<NotificationDbContext>("notification", Exchanges.Notification,
            testServices: services => services.AddSingleton<IEmailSender>(new RecordingEmailSender()));
        var user = await RealInfrastructure.CreateServiceUser(Notification.VirtualHost, "notification");
        AsNotification = new ConnectionFactory
        {
            HostName = RealInfrastructure.RabbitHost,
            Port = RealInfrastructure.RabbitPort,
            VirtualHost = Notification.VirtualHost,
            UserName = user["RabbitMq:Username"]!,
            Password = user["RabbitMq:Password"]!,
            AutomaticRecoveryEnabled = false,
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (Notification is not null)
            await Notification.DisposeAsync();
    }
}
