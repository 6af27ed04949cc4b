using System.Net.Sockets;

namespace OrderSystem.FaultInjection.Network;

/// <summary>One client connection through a <see cref="FaultProxy"/> and its upstream twin.</summary>
public sealed class ProxyLink(Socket client, Socket upstream, IRequestScanner scanner, AmqpConfirmFilter? answers = null)
{
    /// <summary>The service's side.</summary>
    public Socket Client { get; } = client;

    /// <summary>The server's side.</summary>
    public Socket Upstream { get; } = upstream;

    /// <summary>Follows the client's requests.</summary>
    public IRequestScanner Scanner { get; } = scanner;

    /// <summary>Frames the broker's answers when the proxy can lose a publisher confirm; null otherwise.</summary>
    public AmqpConfirmFilter? Answers { get; } = answers;

    volatile bool _frozen;

    /// <summary>Set when a targeted cut is under way: nothing more goes back to the client (the answer is lost).</summary>
    public bool Frozen
    {
        get => _frozen;
        set => _frozen = value;
    }

    /// <summary>Resets both sides at once (RST, not FIN: an abrupt network failure, not a polite close).</summary>
    public void Abort()
    {
        foreach (var socket in new[] { Client, Upstream })
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
                // already closed
            }
            catch (SocketException)
            {
                // already reset
            }
        }
    }
}
