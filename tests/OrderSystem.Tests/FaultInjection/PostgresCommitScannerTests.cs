using AwesomeAssertions;
using OrderSystem.FaultInjection.Network;

namespace OrderSystem.Tests.FaultInjection;

public sealed class PostgresCommitScannerTests
{
    [Fact]
    public void A_simple_query_commit_ends_with_its_message_whatever_the_chunking()
    {
        byte[] before = [.. ProtocolBytes.Startup(), .. ProtocolBytes.Message('p', new byte[20]), .. ProtocolBytes.Query("BEGIN"),
            .. ProtocolBytes.Extended("INSERT INTO \"Orders\" VALUES ($1)")];
        byte[] stream = [.. before, .. ProtocolBytes.Query("COMMIT"), .. ProtocolBytes.Query("SELECT 1")];

        foreach (var chunk in new[] { 1, 3, 5, 17, stream.Length })
        {
            ProtocolBytes.ScanInChunks(new PostgresCommitScanner(), stream, chunk)
                .Should().Equal([before.Length + ProtocolBytes.Query("COMMIT").Length], $"chunks of {chunk} bytes");
        }
    }

    [Fact]
    public void An_extended_commit_runs_at_its_sync()
    {
        var commit = ProtocolBytes.Extended("commit;");
        byte[] stream = [.. ProtocolBytes.Startup(), .. commit];

        new PostgresCommitScanner().Scan(stream).Should().Be(stream.Length);
    }

    [Fact]
    public void After_a_refused_ssl_request_the_real_startup_follows_and_is_followed()
    {
        byte[] stream = [.. ProtocolBytes.Startup(80877103), .. ProtocolBytes.Startup(), .. ProtocolBytes.Query("COMMIT")];

        new PostgresCommitScanner().Scan(stream).Should().Be(stream.Length);
    }

    [Fact]
    public void Queries_that_merely_mention_commit_are_not_commits_and_tls_is_given_up()
    {
        byte[] stream = [.. ProtocolBytes.Startup(), .. ProtocolBytes.Query("SELECT 'COMMIT'"), .. ProtocolBytes.Query("ROLLBACK")];
        new PostgresCommitScanner().Scan(stream).Should().Be(-1);

        // SSLRequest accepted: a TLS ClientHello (0x16 0x03 ...) follows instead of a startup message.
        var tls = new PostgresCommitScanner();
        tls.Scan([.. ProtocolBytes.Startup(80877103), 0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, .. new byte[600]]).Should().Be(-1);
        tls.Lost.Should().BeTrue();
    }
}
