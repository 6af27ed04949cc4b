using System.Collections.Concurrent;

namespace OrderSystem.Benchmarks;

/// <summary>Live and final counters of one load phase.</summary>
sealed class PhaseStats(string name)
{
    public string Name { get; } = name;
    public long Started;
    public long Accepted;
    public long Confirmed;
    public long Cancelled;
    public long TimedOut;
    public long HttpErrors;
    public long Exceptions;
    public readonly ConcurrentDictionary<int, long> HttpStatusCounts = new();
    public readonly ConcurrentQueue<double> EndToEndMs = new();
    public readonly ConcurrentQueue<double> HttpMs = new();
    public readonly ConcurrentQueue<double> FinalEventHopMs = new();
    /// <summary>Stopwatch timestamps at which confirmations were observed (for the rate inside the window and the timeline).</summary>
    public readonly ConcurrentQueue<long> ConfirmedAt = new();
    public string? FirstError;
    public long InFlight => Interlocked.Read(ref Started) - Interlocked.Read(ref Confirmed) - Interlocked.Read(ref Cancelled)
        - Interlocked.Read(ref TimedOut) - Interlocked.Read(ref HttpErrors) - Interlocked.Read(ref Exceptions);

    public void Error(string message)
    {
        Interlocked.CompareExchange(ref FirstError, message, null);
    }
}
