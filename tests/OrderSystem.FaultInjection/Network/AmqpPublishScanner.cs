using System.Buffers.Binary;

namespace OrderSystem.FaultInjection.Network;

/// <summary>
/// Finds the end of each complete <c>basic.publish</c> (method frame, content header, body frames) in the client-to-broker
/// stream of AMQP 0-9-1. Framing (spec 4.2.3): the 8-byte protocol header "AMQP\0\0\9\1", then frames of
/// [type:1][channel:2][size:4][payload:size][0xCE]. Type 1 = method (payload starts with class-id:2, method-id:2;
/// basic.publish is 60/40), 2 = content header (class-id:2, weight:2, body-size:8, ...), 3 = body, 8 = heartbeat.
/// </summary>
public sealed class AmqpPublishScanner : IRequestScanner
{
    const int ProtocolHeaderLength = 8;
    const int FrameHeaderLength = 7;
    const int InterestingPayloadBytes = 12; // enough for a content header's body-size
    const byte FrameEnd = 0xCE;

    // Per channel: -1 no publish in progress, -2 waiting for the content header, >= 0 body bytes still to come.
    readonly Dictionary<ushort, long> _bodyRemaining = [];
    readonly byte[] _header = new byte[FrameHeaderLength];
    readonly byte[] _payloadStart = new byte[InterestingPayloadBytes];
    int _protocolHeaderLeft = ProtocolHeaderLength;
    int _headerFilled;
    long _payloadLeft = -1; // -1: reading the frame header; otherwise payload bytes still to read
    int _payloadFilled;
    uint _payloadSize;
    bool _awaitingFrameEnd;

    /// <summary>Set when the stream does not look like AMQP 0-9-1; the scanner then reports nothing.</summary>
    public bool Lost { get; private set; }

    /// <inheritdoc />
    public int Scan(ReadOnlySpan<byte> data)
    {
        var found = -1;
        var i = 0;
        while (i < data.Length && !Lost)
        {
            if (_protocolHeaderLeft > 0)
            {
                var take = Math.Min(_protocolHeaderLeft, data.Length - i);
                _protocolHeaderLeft -= take;
                i += take;
            }
            else if (_awaitingFrameEnd)
            {
                _awaitingFrameEnd = false;
                if (data[i++] != FrameEnd)
                {
                    Lost = true;
                    break;
                }

                if (EndOfFrame() && found < 0)
                    found = i;
            }
            else if (_payloadLeft < 0)
            {
                _header[_headerFilled++] = data[i++];
                if (_headerFilled == FrameHeaderLength)
                {
                    _headerFilled = 0;
                    _payloadSize = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(3));
                    _payloadLeft = _payloadSize;
                    _payloadFilled = 0;
                    _awaitingFrameEnd = _payloadSize == 0;
                    if (_payloadSize == 0)
                        _payloadLeft = -1;
                }
            }
            else
            {
                var take = (int)Math.Min(_payloadLeft, data.Length - i);
                var keep = Math.Min(take, InterestingPayloadBytes - _payloadFilled);
                if (keep > 0)
                {
                    data.Slice(i, keep).CopyTo(_payloadStart.AsSpan(_payloadFilled));
                    _payloadFilled += keep;
                }

                i += take;
                _payloadLeft -= take;
                if (_payloadLeft == 0)
                {
                    _payloadLeft = -1;
                    _awaitingFrameEnd = true;
                }
            }
        }

        return found;
    }

    // A whole frame has been read: true when it completes a publish.
    bool EndOfFrame()
    {
        var type = _header[0];
        var channel = BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(1));
        var state = _bodyRemaining.GetValueOrDefault(channel, -1);
        switch (type)
        {
            case 1 when _payloadFilled >= 4:
                var isPublish = BinaryPrimitives.ReadUInt16BigEndian(_payloadStart) == 60 && BinaryPrimitives.ReadUInt16BigEndian(_payloadStart.AsSpan(2)) == 40;
                _bodyRemaining[channel] = isPublish ? -2 : -1;
                return false;
            case 2 when state == -2 && _payloadFilled >= 12:
                var bodySize = (long)BinaryPrimitives.ReadUInt64BigEndian(_payloadStart.AsSpan(4));
                _bodyRemaining[channel] = bodySize == 0 ? -1 : bodySize;
                return bodySize == 0;
            case 3 when state > 0:
                var left = state - _payloadSize;
                _bodyRemaining[channel] = left <= 0 ? -1 : left;
                return left <= 0;
            default:
                return false;
        }
    }
}
