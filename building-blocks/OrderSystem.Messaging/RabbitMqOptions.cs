using System.ComponentModel.DataAnnotations;

namespace OrderSystem.Messaging;

/// <summary>Broker connection, bound from the <c>RabbitMq</c> configuration section.</summary>
public sealed class RabbitMqOptions
{
    public const string SectionName = "RabbitMq";

    [Required]
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    /// <summary>Virtual host shared by all services.</summary>
    [Required]
    public string VirtualHost { get; set; } = "ordersystem";

    /// <summary>The service's own broker user (never <c>guest</c>).</summary>
    [Required]
    public string Username { get; set; } = "";

    /// <summary>The broker user's password; from the environment only.</summary>
    [Required]
    public string Password { get; set; } = "";

    /// <summary>Messages fetched ahead per consumer queue.</summary>
    [Range(1, 10_000)]
    public ushort PrefetchCount { get; set; } = 32;

    /// <summary>Messages handled concurrently per consumer queue.</summary>
    [Range(1, 1_000)]
    public int ConcurrentMessageLimit { get; set; } = 16;
}
