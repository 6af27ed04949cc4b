using System.Net.Http.Headers;
using System.Text;

namespace OrderSystem.Testing;

/// <summary>A RabbitMQ server and an administrator on it who may create virtual hosts.</summary>
/// <param name="Host">Host name for AMQP and the management API.</param>
/// <param name="Port">AMQP port.</param>
/// <param name="ManagementUri">Base URI of the management HTTP API, e.g. <c>http://localhost:15672/</c>.</param>
/// <param name="Username">Administrator user name.</param>
/// <param name="Password">Administrator password.</param>
public sealed record BrokerServer(string Host, int Port, Uri ManagementUri, string Username, string Password)
{
    /// <summary>
    /// An HTTP client for the management API (base address <see cref="ManagementUri"/>, administrator credentials); the
    /// caller disposes it. Paths are relative, e.g. <c>api/queues/{vhost}</c>.
    /// </summary>
    public HttpClient CreateManagementClient()
    {
        var client = new HttpClient { BaseAddress = ManagementUri, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")));
        return client;
    }
}
