using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrderSystem.FaultInjection.Soak;

namespace OrderSystem.FaultInjection.Reporting;

/// <summary>The report of one run: <c>report.json</c> and <c>report.md</c> in the run's directory.</summary>
public sealed class RunReport
{
    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    /// <summary>Run id (also the directory name).</summary>
    public required string Run { get; init; }

    /// <summary>The command line (without the program).</summary>
    public required string Arguments { get; init; }

    /// <summary>Start, UTC.</summary>
    public DateTime StartedAt { get; init; } = DateTime.UtcNow;

    /// <summary>Machine facts worth knowing when comparing runs.</summary>
    public string Machine { get; init; } = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}";

    /// <summary>The scenarios, in the order they ran.</summary>
    public List<ScenarioReport> Scenarios { get; } = [];

    /// <summary>Writes both files; returns the Markdown path.</summary>
    public string Write(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "report.json"), JsonSerializer.Serialize(this, Json));
        var markdown = Path.Combine(directory, "report.md");
        File.WriteAllText(markdown, Markdown());
        return markdown;
    }

    static string F(double? value, string format = "0.0") => value?.ToString(format, CultureInfo.InvariantCulture) ?? "–";

    static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>The Markdown text: a summary table, then a table of faults and of invariants per scenario.</summary>
    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Fault-injection run {Run}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"`{Cell(Arguments)}` · started {StartedAt:yyyy-MM-dd HH:mm} UTC · {Machine}");
        md.AppendLine();
        md.AppendLine("| scenario | result | orders accepted / sent | rate (orders/s) | faults injected | worst recovery (s) | duration (s) | seed |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var s in Scenarios)
        {
            var faults = s.Faults.Count == 0 ? "–" : string.Join(", ", s.Faults.Select(f => $"{f.Kind} {f.Injected}"));
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Name} | {(s.Passed ? "PASS" : "FAIL")} | {s.OrdersAccepted} / {s.OrdersSent} | {F(s.Rate)} | {faults} | {F(s.WorstRecoverySeconds)} | {F(s.DurationSeconds, "0")} | {s.Seed} |");
        }

        foreach (var s in Scenarios)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"## {s.Name}: {Cell(s.Title)}");
            md.AppendLine();
            if (s.Faults.Count > 0)
            {
                md.AppendLine("| fault | injected | took effect | worst recovery (s) | not recovered within 180 s |");
                md.AppendLine("|---|---|---|---|---|");
                foreach (var f in s.Faults)
                    md.AppendLine(CultureInfo.InvariantCulture, $"| {f.Kind} | {f.Injected} | {f.Effective} | {F(f.WorstRecoverySeconds)} | {f.RecoveryTimeouts} |");
                md.AppendLine();
            }

            md.AppendLine("| invariant | result | detail |");
            md.AppendLine("|---|---|---|");
            foreach (var i in s.Invariants)
            {
                var involved = i.InvolvedCount == 0 ? "" : $" — {string.Join(", ", i.Involved)}{(i.InvolvedCount > i.Involved.Count ? $" … {i.InvolvedCount - i.Involved.Count} more" : "")}";
                md.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(i.Name)} | {i.Result} | {Cell(i.Detail + involved)} |");
            }

            if (s.Trends.Count > 0)
            {
                md.AppendLine();
                md.AppendLine(CultureInfo.InvariantCulture, $"{s.Samples.Count} samples every 10 s. A series passes when the least-squares slope of its second half, samples taken during a fault or its recovery (+{SoakSampler.AfterRecovery.TotalSeconds:0} s) left out, projected over one hour, stays below max(floor, fraction × its median) (declines for orders/s, growth for the rest).");
                md.AppendLine();
                md.AppendLine("| series | samples judged | left out (faults) | median | slope per hour | allowed per hour | result |");
                md.AppendLine("|---|---|---|---|---|---|---|");
                foreach (var t in s.Trends)
                    md.AppendLine(CultureInfo.InvariantCulture, $"| {t.Metric} | {t.Samples} | {t.Excluded} | {F(t.Median)} | {F(t.SlopePerHour)} | {F(t.AllowedPerHour)} | {(t.Passed ? "PASS" : "FAIL")} |");
            }
        }

        return md.ToString();
    }
}
