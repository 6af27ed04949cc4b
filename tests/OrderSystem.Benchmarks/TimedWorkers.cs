using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace OrderSystem.Benchmarks;

/// <summary>
/// Runs <c>workers</c> concurrent loops for a fixed time, timing every step, with a progress line every 500 ms: the
/// frame both raw baselines share. Each worker sets up its own connection or channel, then calls <see cref="TimedWorker.Step"/>
/// while <see cref="TimedWorker.Running"/>.
/// </summary>
static class TimedWorkers
{
    public static async Task<TimedRun> RunAsync(int workers, TimeSpan duration, Func<long, double, string> progressLine, Action<string> progress,
        Func<int, TimedWorker, Task> work, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var counter = new StrongBox<long>(0);
        var all = Enumerable.Range(0, workers).Select(_ => new TimedWorker(counter, stop.Token)).ToArray();
        var stopwatch = Stopwatch.StartNew();
        stop.CancelAfter(duration);
        var reporter = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var done = Interlocked.Read(ref counter.Value);
                progress(progressLine(done, done / Math.Max(stopwatch.Elapsed.TotalSeconds, 0.001)));
                await Task.Delay(500, CancellationToken.None);
            }
        }, CancellationToken.None);
        await Task.WhenAll(all.Select((worker, index) => Task.Run(() => work(index, worker), CancellationToken.None)));
        stopwatch.Stop();
        await reporter;

        var latencies = all.SelectMany(w => w.Latencies).ToArray();
        Array.Sort(latencies);
        return new TimedRun(stopwatch.Elapsed.TotalSeconds, counter.Value, Percentiles.Of(latencies, 0.50), Percentiles.Of(latencies, 0.99));
    }
}
