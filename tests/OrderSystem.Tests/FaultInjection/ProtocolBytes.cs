using System.Buffers.Binary;
using System.Text;

namespace OrderSystem.Tests.FaultInjection;

/// <summary>Builds AMQP 0-9-1 frames and PostgreSQL messages byte for byte as the specifications lay them out.</summary>
public static class ProtocolBytes
{
    /// <summary>"AMQP" 0 0 9 1.</summary>
    public static readonly byte[] AmqpHeader = [(byte)'A', (byte)'M', (byte)'Q', (byte)'P', 0, 0, 9, 1];

    /// <summary>[type][channel][size][payload][0xCE].</summary>
    public static byte[] Frame(byte type, ushort channel, byte[] payload)
    {
        var frame = new byte[7 + payload.Length + 1];
        frame[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(1), channel);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(3), (uint)payload.Length);
        payload.CopyTo(frame, 7);
        frame[^1] = 0xCE;
        return frame;
    }

    /// <summary>A method frame: class-id, method-id and some arguments.</summary>
    public static byte[] Method(ushort channel, ushort classId, ushort methodId, int argumentBytes = 12)
    {
        var payload = new byte[4 + argumentBytes];
        BinaryPrimitives.WriteUInt16BigEndian(payload, classId);
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(2), methodId);
        return Frame(1, channel, payload);
    }

    /// <summary>A content header frame announcing <paramref name="bodySize"/> bytes.</summary>
    public static byte[] ContentHeader(ushort channel, ulong bodySize)
    {
        var payload = new byte[14 + 20];
        BinaryPrimitives.WriteUInt16BigEndian(payload, 60);
        BinaryPrimitives.WriteUInt64BigEndian(payload.AsSpan(4), bodySize);
        return Frame(2, channel, payload);
    }

    /// <summary>A body frame.</summary>
    public static byte[] Body(ushort channel, int size) => Frame(3, channel, Enumerable.Repeat((byte)'x', size).ToArray());

    /// <summary>Heartbeat.</summary>
    public static byte[] Heartbeat() => Frame(8, 0, []);

    /// <summary>A PostgreSQL startup message (no type byte); another code (SSLRequest) gives the 8-byte request.</summary>
    public static byte[] Startup(int code = 196608)
    {
        var parameters = code == 196608 ? Encoding.ASCII.GetBytes("user\0ordersystem\0database\0x\0\0") : [];
        var message = new byte[8 + parameters.Length];
        BinaryPrimitives.WriteInt32BigEndian(message, message.Length);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), code);
        parameters.CopyTo(message, 8);
        return message;
    }

    /// <summary>A typed PostgreSQL message.</summary>
    public static byte[] Message(char type, byte[] body)
    {
        var message = new byte[5 + body.Length];
        message[0] = (byte)type;
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), 4 + body.Length);
        body.CopyTo(message, 5);
        return message;
    }

    /// <summary>Simple query.</summary>
    public static byte[] Query(string sql) => Message('Q', Encoding.UTF8.GetBytes(sql + "\0"));

    /// <summary>Extended query: Parse (unnamed statement), Bind, Execute, Sync.</summary>
    public static byte[] Extended(string sql) =>
    [
        .. Message('P', Encoding.UTF8.GetBytes("\0" + sql + "\0\0\0")),
        .. Message('B', new byte[8]),
        .. Message('E', new byte[5]),
        .. Message('S', []),
    ];

    /// <summary>Feeds <paramref name="stream"/> in chunks of <paramref name="chunk"/> bytes; returns the absolute offsets reported.</summary>
    public static List<int> ScanInChunks(OrderSystem.FaultInjection.Network.IRequestScanner scanner, byte[] stream, int chunk)
    {
        var found = new List<int>();
        for (var start = 0; start < stream.Length; start += chunk)
        {
            var length = Math.Min(chunk, stream.Length - start);
            var end = scanner.Scan(stream.AsSpan(start, length));
            if (end >= 0)
                found.Add(start + end);
        }

        return found;
    }
}
