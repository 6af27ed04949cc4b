namespace OrderSystem.Testing;

/// <summary>A RabbitMQ server and an administrator on it who may create virtual hosts.</summary>
/// <param name="Host">Host name for AMQP and the management API.</param>
/// <param name="Port">AMQP port.</param>
/// <param name="ManagementUri">Base URI of the management HTTP API, e.g. <c>http://localhost:15672/</c>.</param>
/// <param name="Username">Administrator user name.</param>
/// <param name="Password">Administrator password.</param>
public sealed record BrokerServer(string Host, int Port, Uri ManagementUri, string Username, string Password);
