using System.Net;
using System.Net.Sockets;

namespace OrderSystem.FaultInjection.Network;

/// <summary>
/// A loopback TCP forwarder the runner puts between one service and RabbitMQ or PostgreSQL, with the network faults of
/// issue 16: cut every connection (and refuse new ones for a while), add latency, and a targeted cut that forwards one
/// request (a publish, a COMMIT) to the server and then resets the connection before the answer comes back; for RabbitMQ,
/// also a publisher confirm lost on a connection that stays up.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    const int BufferSize = 16 * 1024;
    readonly IPEndPoint _target;
    readonly Func<IRequestScanner> _scanner;
    readonly Func<AmqpConfirmFilter>? _answers;
    readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    readonly List<ProxyLink> _links = [];
    readonly Lock _lock = new();
    readonly CancellationTokenSource _stopping = new();
    readonly ArmedFault _cut;
    readonly ArmedFault _loseConfirm;
    DateTime _refuseUntil = DateTime.MinValue;
    long _latencyTicks;

    /// <summary>
    /// Listens on an ephemeral loopback port and forwards to <paramref name="target"/>; with <paramref name="answers"/>
    /// (a RabbitMQ target) it can also lose a publisher confirm.
    /// </summary>
    public FaultProxy(string name, IPEndPoint target, Func<IRequestScanner> scanner, Func<AmqpConfirmFilter>? answers = null)
    {
        Name = name;
        _target = target;
        _scanner = scanner;
        _answers = answers;
        _cut = new ArmedFault($"{name} cut");
        _loseConfirm = new ArmedFault($"{name} lost confirm");
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
    public Task<bool> CutAfterNextRequest(TimeSpan timeout) => _cut.Wait(timeout, _stopping.Token);

    /// <summary>
    /// Waits (at most <paramref name="timeout"/>) for the broker's next <c>basic.ack</c> on any connection and drops it;
    /// the connection stays up, so the publisher waits for a confirm that never comes. Needs the answer filter.
    /// </summary>
    public Task<bool> LoseNextConfirm(TimeSpan timeout) => _answers is null
        ? throw new InvalidOperationException($"{Name}: constructed without an answer filter, it cannot lose a confirm.")
        : _loseConfirm.Wait(timeout, _stopping.Token);

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
        var link = new ProxyLink(client, upstream, _scanner(), _answers?.Invoke());
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
                if (end >= 0 && _cut.TryClaim() is { } armed)
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
                var forward = link.Answers is { } answers ? answers.Pass(buffer.AsSpan(0, read), LoseThisConfirm) : buffer.AsMemory(0, read);
                if (forward.Length > 0)
                    await link.Client.SendAsync(forward, SocketFlags.None, _stopping.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            if (!link.Frozen)
                link.Abort(); // cut, reset or stopping
        }
    }

    bool LoseThisConfirm() => _loseConfirm.TryClaim()?.TrySetResult(true) == true;

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
