using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OrderSystem.Benchmarks;

/// <summary>What the live display shows: the running phase, its counters, and the last few notes.</summary>
sealed class LiveStatus(SystemSampler sampler)
{
    readonly Lock _lock = new();
    readonly List<string> _notes = [];
    readonly List<string> _finished = [];
    string _phase = "starting";
    PhaseStats? _stats;
    TimeSpan _planned;
    long _phaseStart = Stopwatch.GetTimestamp();
    long _lastConfirmed;
    long _lastSample = Stopwatch.GetTimestamp();
    double _recentRate;

    public void Begin(string phase, PhaseStats? stats, TimeSpan planned)
    {
        lock (_lock)
        {
            _phase = phase;
            _stats = stats;
            _planned = planned;
            _phaseStart = Stopwatch.GetTimestamp();
            _lastConfirmed = 0;
            _lastSample = _phaseStart;
            _recentRate = 0;
        }
    }

    public void Note(string note)
    {
        lock (_lock)
        {
            if (_notes.Count > 0 && IsSameKind(_notes[^1], note))
                _notes[^1] = note;
            else
                _notes.Add(note);
            if (_notes.Count > 6)
                _notes.RemoveAt(0);
        }
    }

    /// <summary>Adds a line to the summary of finished phases shown above the current one.</summary>
    public void Finished(string line)
    {
        lock (_lock)
            _finished.Add(line);
    }

    static bool IsSameKind(string a, string b) => a.Length > 12 && b.Length > 12 && a.AsSpan(0, 12).SequenceEqual(b.AsSpan(0, 12));

    public string Line()
    {
        lock (_lock)
        {
            var s = _stats;
            var elapsed = Stopwatch.GetElapsedTime(_phaseStart);
            return s is null
                ? $"[{elapsed.TotalSeconds:0}s] {_phase}: {(_notes.Count > 0 ? _notes[^1] : "")}"
                : string.Create(CultureInfo.InvariantCulture,
                    $"[{elapsed.TotalSeconds:0}/{_planned.TotalSeconds:0}s] {_phase}: placed {s.Started}, accepted {s.Accepted}, confirmed {s.Confirmed}, cancelled {s.Cancelled}, errors {s.HttpErrors + s.Exceptions + s.TimedOut}, in flight {s.InFlight}, outbox lag max {sampler.MaxOutboxLagSeconds:0.###} s");
        }
    }

    public IRenderable Render()
    {
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            var s = _stats;
            if (s is not null && Stopwatch.GetElapsedTime(_lastSample, now) >= TimeSpan.FromSeconds(1))
            {
                var confirmed = Interlocked.Read(ref s.Confirmed);
                _recentRate = (confirmed - _lastConfirmed) / Stopwatch.GetElapsedTime(_lastSample, now).TotalSeconds;
                _lastConfirmed = confirmed;
                _lastSample = now;
            }

            var elapsed = Stopwatch.GetElapsedTime(_phaseStart, now);
            var table = new Table().Border(TableBorder.Rounded).Expand();
            table.AddColumn("phase");
            table.AddColumn("time");
            table.AddColumn(new TableColumn("placed").RightAligned());
            table.AddColumn(new TableColumn("accepted").RightAligned());
            table.AddColumn(new TableColumn("confirmed").RightAligned());
            table.AddColumn(new TableColumn("cancelled").RightAligned());
            table.AddColumn(new TableColumn("errors").RightAligned());
            table.AddColumn(new TableColumn("in flight").RightAligned());
            table.AddColumn(new TableColumn("confirmed/s").RightAligned());
            table.AddColumn(new TableColumn("outbox lag").RightAligned());
            var time = _planned > TimeSpan.Zero ? $"{elapsed.TotalSeconds:0}/{_planned.TotalSeconds:0} s" : $"{elapsed.TotalSeconds:0} s";
            if (s is null)
            {
                table.AddRow(Markup.Escape(_phase), time, "", "", "", "", "", "", "", $"{sampler.MaxOutboxLagSeconds:0.###} s");
            }
            else
            {
                table.AddRow(Markup.Escape(_phase), time, N(s.Started), N(s.Accepted), $"[green]{N(s.Confirmed)}[/]", $"[yellow]{N(s.Cancelled)}[/]",
                    $"[red]{N(s.HttpErrors + s.Exceptions + s.TimedOut)}[/]", N(s.InFlight), $"{_recentRate:0}", $"{sampler.MaxOutboxLagSeconds:0.###} s");
            }

            var rows = new List<IRenderable>();
            foreach (var line in _finished)
                rows.Add(new Markup("[green]✓[/] " + Markup.Escape(line)));
            rows.Add(table);
            foreach (var note in _notes)
                rows.Add(new Markup("[grey]" + Markup.Escape(note) + "[/]"));
            return new Rows(rows);
        }
    }

    static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
