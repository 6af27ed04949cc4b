using System.Buffers.Binary;
using System.Text;

namespace OrderSystem.FaultInjection.Network;

/// <summary>
/// Finds the end of each COMMIT in the client-to-server stream of the PostgreSQL frontend/backend protocol 3.0 (docs
/// "Message Formats"). The first message has no type byte: [length:4][code:4]... (startup, or an SSLRequest /
/// GSSENCRequest that is followed by another untyped startup). Then every message is [type:1][length:4, counting
/// itself][body]. A COMMIT arrives as a simple query ('Q', text NUL-terminated) or, extended, as Parse ('P': statement
/// name NUL, query NUL, ...) that runs at the next Sync ('S'). Encrypted streams (SSL accepted) are not followed.
/// </summary>
public sealed class PostgresCommitScanner : IRequestScanner
{
    const int SslRequestCode = 80877103;
    const int GssEncRequestCode = 80877104;
    const int ProtocolVersion3 = 196608;
    const int KeptBodyBytes = 64; // a statement name and "COMMIT" fit
    const int MaxStartupLength = 10_000; // the server's own limit; a TLS record header read as a length is far larger

    readonly byte[] _head = new byte[5];
    readonly byte[] _body = new byte[KeptBodyBytes];
    bool _untyped = true;
    int _headFilled;
    long _bodyLeft = -1; // -1: reading the type and length
    int _bodyFilled;
    bool _commitParsed;

    /// <summary>Set when the stream cannot be followed (encrypted, or not PostgreSQL): nothing is reported then.</summary>
    public bool Lost { get; private set; }

    /// <inheritdoc />
    public int Scan(ReadOnlySpan<byte> data)
    {
        var found = -1;
        var i = 0;
        while (i < data.Length && !Lost)
        {
            var headLength = _untyped ? 4 : 5;
            if (_bodyLeft < 0)
            {
                _head[_headFilled++] = data[i++];
                if (_headFilled < headLength)
                    continue;
                _headFilled = 0;
                var length = BinaryPrimitives.ReadInt32BigEndian(_head.AsSpan(headLength - 4));
                if (length < 4 || (_untyped && length > MaxStartupLength))
                {
                    Lost = true;
                    break;
                }

                _bodyLeft = length - 4;
                _bodyFilled = 0;
                if (_bodyLeft == 0 && EndOfMessage() && found < 0)
                    found = i;
                continue;
            }

            var take = (int)Math.Min(_bodyLeft, data.Length - i);
            var keep = Math.Min(take, KeptBodyBytes - _bodyFilled);
            if (keep > 0)
            {
                data.Slice(i, keep).CopyTo(_body.AsSpan(_bodyFilled));
                _bodyFilled += keep;
            }

            i += take;
            _bodyLeft -= take;
            if (_bodyLeft == 0 && EndOfMessage() && found < 0)
                found = i;
        }

        return found;
    }

    // A whole message has been read: true when the server is now executing a COMMIT.
    bool EndOfMessage()
    {
        _bodyLeft = -1;
        if (_untyped)
        {
            var code = _bodyFilled >= 4 ? BinaryPrimitives.ReadInt32BigEndian(_body) : 0;
            if (code is SslRequestCode or GssEncRequestCode)
                return false; // another untyped startup follows (or TLS, which fails the version check below)
            if (code != ProtocolVersion3)
                Lost = true;
            _untyped = false;
            return false;
        }

        switch ((char)_head[0])
        {
            case 'Q':
                return IsCommit(_body.AsSpan(0, _bodyFilled));
            case 'P':
                var nameEnd = Array.IndexOf(_body, (byte)0, 0, _bodyFilled);
                _commitParsed = nameEnd >= 0 && IsCommit(_body.AsSpan(nameEnd + 1, _bodyFilled - nameEnd - 1));
                return false;
            case 'S':
                var commit = _commitParsed;
                _commitParsed = false;
                return commit;
            default:
                return false;
        }
    }

    static bool IsCommit(ReadOnlySpan<byte> text)
    {
        var end = text.IndexOf((byte)0);
        var query = Encoding.ASCII.GetString(end >= 0 ? text[..end] : text).Trim().TrimEnd(';').Trim();
        return query.Equals("COMMIT", StringComparison.OrdinalIgnoreCase) || query.Equals("END", StringComparison.OrdinalIgnoreCase)
            || query.Equals("COMMIT TRANSACTION", StringComparison.OrdinalIgnoreCase);
    }
}
