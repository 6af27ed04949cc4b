using System.Net;
using System.Net.Sockets;

namespace OrderSystem.Tests.Support;

/// <summary>
/// A loopback TCP forwarder between a service and RabbitMQ. <see cref="Cut"/> drops every connection and refuses new
/// ones, like a broker outage, without disturbing other tests that use the same broker.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    readonly string _targetHost;
    readonly int _targetPort;
    readonly List<TcpClient> _connections = [];
    readonly Lock _lock = new();
    readonly CancellationTokenSource _stopping = new();
    TcpListener? _listener;

    public TcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Restore();
    }

    /// <summary>The port services should connect to.</summary>
    public int Port { get; }

    /// <summary>Drops all connections and refuses new ones.</summary>
    public void Cut()
    {
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var connection in _connections)
                connection.Dispose();
            _connections.Clear();
        }
    }

    /// <summary>Accepts connections again.</summary>
    public void Restore()
    {
        lock (_lock)
        {
            if (_listener is not null)
                return;
            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Start();
            _ = AcceptLoop(_listener);
        }
    }

    async Task AcceptLoop(TcpListener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception)
            {
                return; // listener stopped
            }

            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(_targetHost, _targetPort, _stopping.Token);
            }
            catch (Exception)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (_lock)
            {
                _connections.Add(client);
                _connections.Add(upstream);
            }

            _ = Pump(client, upstream);
            _ = Pump(upstream, client);
        }
    }

    async Task Pump(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), _stopping.Token);
        }
        catch (Exception)
        {
            // A cut or a closed peer ends the pump.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Cut();
        _stopping.Dispose();
    }
}
