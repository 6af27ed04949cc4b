using OrderSystem.FaultInjection.Network;

namespace OrderSystem.Tests.FaultInjection;

/// <summary>Keeps every byte a client sent through the proxy (to replay real client traffic through a fresh scanner).</summary>
public sealed class RecordingScanner(IRequestScanner inner) : IRequestScanner
{
    readonly List<byte> _bytes = [];

    /// <summary>What was scanned so far.</summary>
    public byte[] Bytes
    {
        get
        {
            lock (_bytes)
                return [.. _bytes];
        }
    }

    /// <inheritdoc />
    public int Scan(ReadOnlySpan<byte> data)
    {
        lock (_bytes)
            _bytes.AddRange(data);
        return inner.Scan(data);
    }
}
