using AwesomeAssertions;
using OrderSystem.FaultInjection.Network;

namespace OrderSystem.Tests.FaultInjection;

public sealed class AmqpPublishScannerTests
{
    [Fact]
    public void The_end_of_a_publish_is_after_its_last_body_frame_whatever_the_chunking()
    {
        byte[] beforePublish = [.. ProtocolBytes.AmqpHeader, .. ProtocolBytes.Method(0, 10, 11, 40), .. ProtocolBytes.Method(1, 20, 10), .. ProtocolBytes.Heartbeat()];
        byte[] publish = [.. ProtocolBytes.Method(1, 60, 40), .. ProtocolBytes.ContentHeader(1, 300), .. ProtocolBytes.Body(1, 200), .. ProtocolBytes.Body(1, 100)];
        byte[] stream = [.. beforePublish, .. publish, .. ProtocolBytes.Method(1, 60, 80)];

        foreach (var chunk in new[] { 1, 2, 7, 13, 64, stream.Length })
        {
            ProtocolBytes.ScanInChunks(new AmqpPublishScanner(), stream, chunk)
                .Should().Equal([beforePublish.Length + publish.Length], $"chunks of {chunk} bytes");
        }
    }

    [Fact]
    public void A_publish_with_an_empty_body_ends_with_its_content_header_and_each_publish_is_found_once()
    {
        byte[] empty = [.. ProtocolBytes.Method(1, 60, 40), .. ProtocolBytes.ContentHeader(1, 0)];
        byte[] second = [.. ProtocolBytes.Method(2, 60, 40), .. ProtocolBytes.ContentHeader(2, 5), .. ProtocolBytes.Body(2, 5)];
        byte[] stream = [.. ProtocolBytes.AmqpHeader, .. empty, .. second];
        var scanner = new AmqpPublishScanner();

        var first = scanner.Scan(stream);
        var rest = scanner.Scan(stream.AsSpan(0, 0));

        first.Should().Be(ProtocolBytes.AmqpHeader.Length + empty.Length, "the first publish that completes in a chunk is reported");
        rest.Should().Be(-1);
        ProtocolBytes.ScanInChunks(new AmqpPublishScanner(), stream, 5)
            .Should().Equal(ProtocolBytes.AmqpHeader.Length + empty.Length, stream.Length);
    }

    [Fact]
    public void Other_methods_and_content_on_other_channels_are_not_publishes()
    {
        // basic.ack (60/80) and basic.qos (60/10) from the client, then a body frame without a publish before it.
        byte[] stream = [.. ProtocolBytes.AmqpHeader, .. ProtocolBytes.Method(1, 60, 80), .. ProtocolBytes.Method(1, 60, 10), .. ProtocolBytes.Body(3, 10)];

        new AmqpPublishScanner().Scan(stream).Should().Be(-1);
    }

    [Fact]
    public void A_stream_that_breaks_the_framing_is_given_up_rather_than_misread()
    {
        var frame = ProtocolBytes.Method(1, 60, 40);
        frame[^1] = 0x00; // not the frame-end octet
        var scanner = new AmqpPublishScanner();

        scanner.Scan([.. ProtocolBytes.AmqpHeader, .. frame, .. ProtocolBytes.ContentHeader(1, 0)]).Should().Be(-1);
        scanner.Lost.Should().BeTrue();
    }
}
