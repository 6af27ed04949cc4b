using System.Collections;
using System.Diagnostics;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace OrderSystem.Tests.Telemetry;

/// <summary>
/// An OpenTelemetry tracer provider with the in-memory exporter, listening to every source the services use. Activity
/// sources are process-wide: it sees the spans of all four in-process services, and of every other test running in
/// parallel, so callers filter by trace id.
/// </summary>
public sealed class SpanCapture : IDisposable
{
    readonly LockedCollection _spans = new();
    readonly TracerProvider _provider;

    public SpanCapture() => _provider = Sdk.CreateTracerProviderBuilder()
        // System.Net.Http as the services' own HttpClient instrumentation: a service's first signed-in request fetches
        // Identity's discovery document, and Identity (in-process here) answers in the same trace under that client span.
        .AddSource("OrderSystem.*", "MassTransit", "Microsoft.AspNetCore", "Npgsql", "System.Net.Http")
        .AddInMemoryExporter(_spans)
        .Build();

    /// <summary>Every finished span of one trace.</summary>
    public List<Activity> Trace(ActivityTraceId traceId) => [.. _spans.Snapshot().Where(s => s.TraceId == traceId)];

    /// <summary>Finished spans matching <paramref name="predicate"/>.</summary>
    public List<Activity> Where(Func<Activity, bool> predicate) => [.. _spans.Snapshot().Where(predicate)];

    /// <summary>The trace as an indented tree, for failure messages.</summary>
    public static string Describe(IReadOnlyCollection<Activity> trace)
    {
        var byParent = trace.ToLookup(s => s.ParentSpanId);
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        var text = new StringBuilder();
        void Write(Activity span, int depth)
        {
            text.Append(' ', depth * 2).Append($"[{span.Source.Name}] {span.DisplayName} ({span.Kind})");
            foreach (var tag in new[] { "ordersystem.message_type", "messaging.destination.name", "ordersystem.order_id" })
            {
                if (span.GetTagItem(tag) is { } value)
                    text.Append($" {tag}={value}");
            }
            text.AppendLine();
            foreach (var child in byParent[span.SpanId].OrderBy(c => c.StartTimeUtc))
                Write(child, depth + 1);
        }
        foreach (var root in trace.Where(s => !ids.Contains(s.ParentSpanId)).OrderBy(s => s.StartTimeUtc))
        {
            if (root.ParentSpanId != default)
                text.AppendLine($"(parent {root.ParentSpanId} not in the trace:)");
            Write(root, 0);
        }
        return text.ToString();
    }

    public void Dispose() => _provider.Dispose();

    /// <summary>The exporter adds under its own lock; the test reads while spans keep arriving, so this one locks too.</summary>
    sealed class LockedCollection : ICollection<Activity>
    {
        readonly List<Activity> _items = [];
        readonly Lock _lock = new();

        public List<Activity> Snapshot()
        {
            lock (_lock)
                return [.. _items];
        }

        public int Count
        {
            get
            {
                lock (_lock)
                    return _items.Count;
            }
        }

        public bool IsReadOnly => false;

        public void Add(Activity item)
        {
            lock (_lock)
                _items.Add(item);
        }

        public void Clear()
        {
            lock (_lock)
                _items.Clear();
        }

        public bool Contains(Activity item)
        {
            lock (_lock)
                return _items.Contains(item);
        }

        public void CopyTo(Activity[] array, int arrayIndex)
        {
            lock (_lock)
                _items.CopyTo(array, arrayIndex);
        }

        public bool Remove(Activity item)
        {
            lock (_lock)
                return _items.Remove(item);
        }

        public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
