using System.Net;
using AwesomeAssertions;
using Npgsql;
using OrderSystem.FaultInjection.Network;
using OrderSystem.Testing;
using OrderSystem.Tests.Support;
using RabbitMQ.Client;

namespace OrderSystem.Tests.FaultInjection;

/// <summary>
/// The runner's proxy against the real servers and the real clients the services use: a targeted cut lets the request
/// reach the server and loses only the answer, and the bytes the clients really send are recognised in any chunking.
/// </summary>
public sealed class FaultProxyTests(InfrastructureFixture fixture) : IClassFixture<InfrastructureFixture>
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_cut_mid_publish_delivers_the_message_but_loses_the_confirm()
    {
        var recorded = new RecordingScanner(new AmqpPublishScanner());
        await using var proxy = new FaultProxy("test→rabbitmq", new IPEndPoint(IPAddress.Loopback, fixture.Broker.Port), () => recorded);
        var factory = fixture.Broker.CreateConnectionFactory();
        factory.HostName = "127.0.0.1";
        factory.Port = proxy.Port;
        await using var connection = await factory.CreateConnectionAsync("fault-proxy-test");
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var queue = (await channel.QueueDeclareAsync($"cut-mid-publish-{Guid.NewGuid():N}", durable: true, exclusive: false, autoDelete: false)).QueueName;
        await channel.BasicPublishAsync("", queue, mandatory: false, new BasicProperties { MessageId = "confirmed" }, "before"u8.ToArray());

        var cut = proxy.CutAfterNextRequest(Timeout);
        var publishing = await Record.ExceptionAsync(async () =>
            await channel.BasicPublishAsync("", queue, mandatory: false, new BasicProperties { MessageId = "in-doubt" }, new byte[5000]).AsTask().WaitAsync(Timeout));

        (await cut).Should().BeTrue("the publish went through the proxy");
        publishing.Should().NotBeNull("the confirm never came back: the publisher cannot know the broker has the message")
            .And.NotBeOfType<TimeoutException>("the publisher learns of the lost connection");
        await using var direct = await fixture.Broker.ConnectAsync("fault-proxy-test-check");
        await using var check = await direct.CreateChannelAsync();
        await Wait.Until(async () => await check.MessageCountAsync(queue) == 2, "the broker kept the in-doubt message", Timeout);

        // The bytes RabbitMQ.Client really sent: both publishes are found, whatever the chunking.
        foreach (var chunk in new[] { 1, 9, 100, 4096 })
            ProtocolBytes.ScanInChunks(new AmqpPublishScanner(), recorded.Bytes, chunk).Should().HaveCount(2, $"chunks of {chunk} bytes");
    }

    [Fact]
    public async Task A_cut_mid_commit_commits_but_loses_the_answer()
    {
        Assert.SkipUnless(RealInfrastructure.IsPostgres, "The proxy follows the PostgreSQL protocol.");
        await using (var setup = new NpgsqlConnection(fixture.Database.ConnectionString))
        {
            await setup.OpenAsync();
            await new NpgsqlCommand("CREATE TABLE in_doubt (id int PRIMARY KEY)", setup).ExecuteNonQueryAsync();
        }

        var recorded = new RecordingScanner(new PostgresCommitScanner());
        var target = new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString);
        await using var proxy = new FaultProxy("test→postgres", new IPEndPoint(IPAddress.Loopback, target.Port), () => recorded);
        var proxied = new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = proxy.Port,
            SslMode = SslMode.Disable,
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(proxied.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await new NpgsqlCommand("INSERT INTO in_doubt VALUES (1)", connection, transaction).ExecuteNonQueryAsync();

        var cut = proxy.CutAfterNextRequest(Timeout);
        var committing = await Record.ExceptionAsync(() => transaction.CommitAsync().WaitAsync(Timeout));

        (await cut).Should().BeTrue("the COMMIT went through the proxy");
        committing.Should().NotBeNull("the answer never came back: the client cannot know whether it committed")
            .And.NotBeOfType<TimeoutException>("the client learns of the lost connection");
        await using var direct = new NpgsqlConnection(fixture.Database.ConnectionString);
        await direct.OpenAsync();
        (await new NpgsqlCommand("SELECT count(*) FROM in_doubt", direct).ExecuteScalarAsync()).Should().Be(1L, "the server committed");

        foreach (var chunk in new[] { 1, 6, 100, 4096 })
            ProtocolBytes.ScanInChunks(new PostgresCommitScanner(), recorded.Bytes, chunk).Should().HaveCount(1, $"chunks of {chunk} bytes");
    }

    [Fact]
    public async Task A_cut_resets_every_connection_and_refuses_new_ones_for_a_while_then_traffic_flows_again()
    {
        await using var proxy = new FaultProxy("test→rabbitmq", new IPEndPoint(IPAddress.Loopback, fixture.Broker.Port), () => new AmqpPublishScanner());
        var factory = fixture.Broker.CreateConnectionFactory();
        factory.HostName = "127.0.0.1";
        factory.Port = proxy.Port;
        await using var connection = await factory.CreateConnectionAsync("fault-proxy-cut");
        await Wait.Until(() => proxy.Connections == 1, "the connection goes through the proxy", Timeout);

        proxy.CutAll(TimeSpan.FromSeconds(2)).Should().Be(1);

        await Wait.Until(() => !connection.IsOpen, "the client sees the reset", Timeout);
        (await Record.ExceptionAsync(() => factory.CreateConnectionAsync("refused"))).Should().NotBeNull("new connections are refused for 2 s");
        await using var again = await Wait.For(() => factory.CreateConnectionAsync("after the cut"), opened => opened.IsOpen,
            "new connections are accepted again once the 2 s refusal is over", Timeout);
    }
}
