using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Contracts;
using OrderSystem.Notification.Email;
using OrderSystem.Notification.Persistence;
using OrderSystem.Tests.Hosts;

namespace OrderSystem.Tests.Notification;

/// <summary>The Notification service with a recording email sender.</summary>
public sealed class NotificationSettings : IServiceSettings<NotificationDbContext>
{
    /// <summary>What the service would have emailed.</summary>
    public RecordingEmailSender Email { get; } = new();

    /// <inheritdoc />
    public string Service => "notification";

    /// <inheritdoc />
    public string ProbeExchange => Exchanges.Notification;

    /// <inheritdoc />
    public void AddTestServices(IServiceCollection services) => services.AddSingleton<IEmailSender>(Email);
}
