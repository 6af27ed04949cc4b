using OrderSystem.FaultInjection;

namespace OrderSystem.BrowserTests;

/// <summary>Where the system started by deploy/local/up.sh answers, with the settings up.sh used (environment, .env, .env.example).</summary>
public sealed class LocalSystem
{
    LocalSystem(Settings settings) => Settings = settings;

    /// <summary>The system of this repository.</summary>
    public static LocalSystem Current { get; } = new(Settings.Load(AppContext.BaseDirectory));

    /// <summary>The settings of .env.</summary>
    public Settings Settings { get; }

    /// <summary>The base address of service <paramref name="service"/> (order, inventory, payment, notification).</summary>
    public Uri Service(string service) => new($"http://localhost:{Settings.ServicePort(service)}/");

    /// <summary>The RabbitMQ management UI.</summary>
    public Uri RabbitMqManagement => new($"http://localhost:{Settings.Number("RABBITMQ_MANAGEMENT_PORT", 15672)}/");

    /// <summary>The virtual host the services share.</summary>
    public string VirtualHost => Settings.Text("RABBITMQ_VHOST", "ordersystem");

    /// <summary>The Aspire dashboard of the AppHost.</summary>
    public Uri Dashboard => new($"http://localhost:{Settings.Number("DASHBOARD_PORT", 18888)}/");
}
