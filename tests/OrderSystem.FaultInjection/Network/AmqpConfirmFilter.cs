using System.Buffers;
using System.Buffers.Binary;

namespace OrderSystem.FaultInjection.Network;

/// <summary>
/// Splits the broker-to-client AMQP 0-9-1 stream into whole frames ([type:1][channel:2][size:4][payload][0xCE]; the broker
/// sends no protocol header) so that a proxy can leave out one <c>basic.ack</c> (method 60/80): a publisher confirm lost
/// while the connection stays healthy. Incomplete frames are held back until their end arrives.
/// </summary>
public sealed class AmqpConfirmFilter
{
    const int FrameHeaderLength = 7;
    const byte FrameEnd = 0xCE;
    readonly ArrayBufferWriter<byte> _pending = new();
    bool _lost;

    /// <summary>
    /// Takes the next bytes from the broker and returns those to forward: every complete frame except a <c>basic.ack</c>
    /// for which <paramref name="loseThisConfirm"/> answers true. Once the stream does not look like AMQP, everything passes.
    /// </summary>
    public ReadOnlyMemory<byte> Pass(ReadOnlySpan<byte> data, Func<bool> loseThisConfirm)
    {
        if (_lost)
            return data.ToArray();

        _pending.Write(data);
        var buffered = _pending.WrittenSpan;
        var forward = new ArrayBufferWriter<byte>(buffered.Length);
        var offset = 0;
        while (buffered.Length - offset > FrameHeaderLength)
        {
            var length = FrameHeaderLength + (long)BinaryPrimitives.ReadUInt32BigEndian(buffered[(offset + 3)..]) + 1;
            if (buffered.Length - offset < length)
                break;

            var frame = buffered.Slice(offset, (int)length);
            if (frame[^1] != FrameEnd)
            {
                _lost = true;
                break;
            }

            if (!(IsBasicAck(frame) && loseThisConfirm()))
                forward.Write(frame);
            offset += frame.Length;
        }

        var remainder = buffered[offset..].ToArray();
        _pending.Clear();
        if (_lost)
            forward.Write(remainder);
        else
            _pending.Write(remainder);
        return forward.WrittenMemory;
    }

    static bool IsBasicAck(ReadOnlySpan<byte> frame) =>
        frame[0] == 1 && frame.Length >= FrameHeaderLength + 4 + 1
        && BinaryPrimitives.ReadUInt16BigEndian(frame[FrameHeaderLength..]) == 60
        && BinaryPrimitives.ReadUInt16BigEndian(frame[(FrameHeaderLength + 2)..]) == 80;
}
