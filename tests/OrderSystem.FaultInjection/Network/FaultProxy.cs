using System.Net;
using System.Net.Sockets;

namespace OrderSystem.FaultInjection.Network;

/// <summary>
/// A loopback TCP forwarder the runner puts between one service and RabbitMQ or PostgreSQL, with the network faults of
/// issue 16: cut every connection (and refuse new ones for a while), add latency, and a targeted cut that forwards one
/// request (a publish, a COMMIT) to the server and then resets the connection before the answer comes back.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    const int BufferSize = 16 * 1024;
    readonly IPEndPoint _target;
    readonly Func<IRequestScanner> _scanner;
    readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    readonly List<ProxyLink> _links = [];
    readonly Lock _lock = new();
    readonly CancellationTokenSource _stopping = new();
    DateTime _refuseUntil = DateTime.MinValue;
    TaskCompletionSource<bool>? _armed;
    long _latencyTicks;

    /// <summary>Listens on an ephemeral loopback port and forwards to <paramref name="target"/>.</summary>
    public FaultProxy(string name, IPEndPoint target, Func<IRequestScanner> scanner)
    {
        Name = name;
        _target = target;
        _scanner = scanner;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(128);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _ = AcceptLoop();
    }

    /// <summary>e.g. "order→rabbitmq".</summary>
    public string Name { get; }

    /// <summary>The port the service connects to.</summary>
    public int Port { get; }

    /// <summary>Connections currently open.</summary>
    public int Connections
    {
        get
        {
            lock (_lock)
                return _links.Count;
        }
    }

    /// <summary>Delay added before every chunk forwarded in either direction (zero: none).</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    /// <summary>Resets every connection; new ones are accepted and reset at once for <paramref name="refuseFor"/>.</summary>
    public int CutAll(TimeSpan refuseFor)
    {
        List<ProxyLink> links;
        lock (_lock)
        {
            _refuseUntil = DateTime.UtcNow + refuseFor;
            links = [.. _links];
            _links.Clear();
        }

        foreach (var link in links)
            link.Abort();
        return links.Count;
    }

    /// <summary>
    /// Waits (at most <paramref name="timeout"/>) for the next request of interest on any connection, forwards it, and
    /// resets that connection before the server's answer reaches the client. False when no such request came.
    /// </summary>
    public async Task<bool> CutAfterNextRequest(TimeSpan timeout)
    {
        var armed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _armed, armed, null) is not null)
            throw new InvalidOperationException($"{Name}: a targeted cut is already armed.");
        var done = await Task.WhenAny(armed.Task, Task.Delay(timeout, _stopping.Token).ContinueWith(_ => false, TaskScheduler.Default));
        Interlocked.CompareExchange(ref _armed, null, armed);
        return await done;
    }

    async Task AcceptLoop()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Connect(client);
        }
    }

    async Task Connect(Socket client)
    {
        client.NoDelay = true;
        bool refuse;
        lock (_lock)
            refuse = DateTime.UtcNow < _refuseUntil;
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var link = new ProxyLink(client, upstream, _scanner());
        if (refuse)
        {
            link.Abort();
            return;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await upstream.ConnectAsync(_target, timeout.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException)
        {
            link.Abort();
            return;
        }

        lock (_lock)
            _links.Add(link);
        await Task.WhenAll(ClientToServer(link), ServerToClient(link));
        lock (_lock)
            _links.Remove(link);
        link.Abort();
    }

    async Task ClientToServer(ProxyLink link)
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var read = await link.Client.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (read == 0)
                {
                    link.Upstream.Shutdown(SocketShutdown.Send); // the client closed politely: pass the FIN on
                    return;
                }

                await Delay();
                var end = link.Scanner.Scan(buffer.AsSpan(0, read));
                var armed = Volatile.Read(ref _armed);
                if (end >= 0 && armed is not null && Interlocked.CompareExchange(ref _armed, null, armed) == armed)
                {
                    // Freeze the way back first, so that the server's answer to this request can never reach the client.
                    link.Frozen = true;
                    await link.Upstream.SendAsync(buffer.AsMemory(0, end), SocketFlags.None, _stopping.Token);
                    await Task.Delay(TimeSpan.FromMilliseconds(300), _stopping.Token); // the server has it and acts on it
                    link.Abort();
                    armed.TrySetResult(true);
                    return;
                }

                await link.Upstream.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            link.Abort(); // cut, reset or stopping
        }
    }

    async Task ServerToClient(ProxyLink link)
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var read = await link.Upstream.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (link.Frozen)
                    return; // a targeted cut: the answer is lost, the other direction resets the connection
                if (read == 0)
                {
                    link.Client.Shutdown(SocketShutdown.Send);
                    return;
                }

                await Delay();
                if (link.Frozen)
                    return;
                await link.Client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            if (!link.Frozen)
                link.Abort(); // cut, reset or stopping
        }
    }

    Task Delay() => Latency is { Ticks: > 0 } latency ? Task.Delay(latency, _stopping.Token) : Task.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        CutAll(TimeSpan.Zero);
        _stopping.Dispose();
    }
}
