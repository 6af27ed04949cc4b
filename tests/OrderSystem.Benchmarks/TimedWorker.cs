using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace OrderSystem.Benchmarks;

/// <summary>One loop of <see cref="TimedWorkers"/>: runs until the time is up and times each step.</summary>
sealed class TimedWorker(StrongBox<long> counter, CancellationToken stop)
{
    public List<double> Latencies { get; } = new(100_000);

    public bool Running => !stop.IsCancellationRequested;

    public async Task Step(Func<Task> step)
    {
        var started = Stopwatch.GetTimestamp();
        await step();
        Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        Interlocked.Increment(ref counter.Value);
    }
}
