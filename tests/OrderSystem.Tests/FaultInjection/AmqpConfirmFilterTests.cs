using AwesomeAssertions;
using OrderSystem.FaultInjection.Network;

namespace OrderSystem.Tests.FaultInjection;

public sealed class AmqpConfirmFilterTests
{
    [Fact]
    public void Only_the_claimed_confirm_is_left_out_whatever_the_chunking()
    {
        byte[] before = [.. ProtocolBytes.Method(0, 10, 10, 40), .. ProtocolBytes.Method(1, 20, 11), .. ProtocolBytes.Heartbeat()];
        var firstAck = ProtocolBytes.Method(1, 60, 80, 9);
        byte[] delivery = [.. ProtocolBytes.Method(1, 60, 60), .. ProtocolBytes.ContentHeader(1, 300), .. ProtocolBytes.Body(1, 300)];
        var secondAck = ProtocolBytes.Method(1, 60, 80, 9);
        byte[] stream = [.. before, .. firstAck, .. delivery, .. secondAck];

        foreach (var chunk in new[] { 1, 3, 8, 64, stream.Length })
        {
            var filter = new AmqpConfirmFilter();
            var claims = 0;
            var forwarded = new List<byte>();
            for (var start = 0; start < stream.Length; start += chunk)
                forwarded.AddRange(filter.Pass(stream.AsSpan(start, Math.Min(chunk, stream.Length - start)), () => ++claims == 1).ToArray());

            forwarded.Should().Equal([.. before, .. delivery, .. secondAck], $"chunks of {chunk} bytes");
            claims.Should().Be(2, "each confirm is offered once");
        }
    }

    [Fact]
    public void A_stream_that_is_not_amqp_passes_unchanged()
    {
        byte[] notAmqp = [1, 0, 1, 0, 0, 0, 2, 9, 9, 0x00, 5, 6, 7];
        var filter = new AmqpConfirmFilter();

        var first = filter.Pass(notAmqp, () => true).ToArray();
        var later = filter.Pass(ProtocolBytes.Method(1, 60, 80), () => true).ToArray();

        first.Should().Equal(notAmqp);
        later.Should().Equal(ProtocolBytes.Method(1, 60, 80));
    }
}
