using RabbitMQ.Client;

namespace OrderSystem.FaultInjection;

/// <summary>AMQP connections of the runner itself (as the broker administrator, on the system's vhost).</summary>
public static class Broker
{
    /// <summary>The four context exchanges.</summary>
    public static readonly string[] Exchanges = ["order", "inventory", "payment", "notification"];

    /// <summary>Opens a connection that recovers by itself after drops and broker restarts.</summary>
    public static Task<IConnection> Connect(Settings settings, string virtualHost, string name) => new ConnectionFactory
    {
        HostName = settings["RABBITMQ_HOST"],
        Port = settings.Number("RABBITMQ_PORT", 5672),
        VirtualHost = virtualHost,
        UserName = settings["RABBITMQ_ADMIN_USER"],
        Password = settings["RABBITMQ_ADMIN_PASSWORD"],
        ClientProvidedName = name,
        AutomaticRecoveryEnabled = true,
        TopologyRecoveryEnabled = true,
        NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
    }.CreateConnectionAsync();
}
