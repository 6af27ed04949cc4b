using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace OrderSystem.Benchmarks;

static class ReportWriter
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static MachineInfo Machine(string loadBefore, string repositoryRoot)
    {
        var cpu = "unknown CPU";
        var memory = "";
        if (OperatingSystem.IsLinux())
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
            var kb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            memory = $"{long.Parse(kb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0:0.#} GiB RAM";
        }

        return new MachineInfo(cpu, Environment.ProcessorCount, memory, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription,
            loadBefore, LoadAverage(), Commit(repositoryRoot));
    }

    public static string LoadAverage() =>
        OperatingSystem.IsLinux() ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    static string Commit(string root)
    {
        try
        {
            using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", "rev-parse --short HEAD")
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            var head = git!.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            using var status = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", "status --porcelain --untracked-files=no")
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            var dirty = status!.StandardOutput.ReadToEnd().Trim().Length > 0;
            status.WaitForExit();
            return head.Length == 0 ? "unknown" : dirty ? head + " (with uncommitted changes)" : head;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    public static string HardwareLine(MachineInfo m) =>
        $"{m.Cpu}, {m.Cores} cores, {m.Memory}; {m.Os}; {m.Runtime}; load average before {m.LoadBefore}, after {m.LoadAfter}; commit {m.Commit}";

    public static (string Json, string Markdown) Write(BenchmarkReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var stamp = report.StartedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var json = JsonSerializer.Serialize(report, Json);
        var markdown = Markdown(report);
        var jsonPath = Path.Combine(directory, $"benchmark-{stamp}.json");
        var markdownPath = Path.Combine(directory, $"benchmark-{stamp}.md");
        File.WriteAllText(jsonPath, json);
        File.WriteAllText(markdownPath, markdown);
        File.WriteAllText(Path.Combine(directory, "latest.json"), json);
        File.WriteAllText(Path.Combine(directory, "latest.md"), markdown);
        return (jsonPath, markdownPath);
    }

    /// <summary>Rows shared by the console table and the Markdown report: (metric, closed loop, open loop).</summary>
    public static List<(string Metric, string Closed, string Open)> Rows(BenchmarkReport report)
    {
        var c = report.Closed;
        var o = report.Open;
        var rows = new List<(string, string, string)>();
        void Row(string metric, Func<PhaseResult, string> value) => rows.Add((metric, c is null ? "–" : value(c), o is null ? "–" : value(o)));

        Row("load", p => p.Mode == "closed" ? $"{p.Clients} concurrent clients" : $"{p.TargetRate:0.#} orders/s arriving");
        Row("measured for", p => $"{p.Seconds:0} s");
        Row("accepted (202) / placed", p => $"{p.Accepted} / {p.Started}");
        Row("confirmed / cancelled", p => $"{p.Confirmed} / {p.Cancelled}");
        Row("errors: HTTP / other / timed out", p => $"{p.HttpErrors} / {p.Exceptions} / {p.TimedOut}");
        Row("**confirmed orders/s**", p => $"**{p.ConfirmedPerSecond:0.0}**");
        Row("slowest / fastest second (orders/s)", p => p.ConfirmedPerSecondTimeline.Length == 0 ? "–"
            : $"{p.ConfirmedPerSecondTimeline.Min():0} / {p.ConfirmedPerSecondTimeline.Max():0}");
        Row("**POST→Confirmed p50 / p95 / p99 / max (ms)**", p => $"**{Ms(p.EndToEndMs.P50)} / {Ms(p.EndToEndMs.P95)} / {Ms(p.EndToEndMs.P99)} / {Ms(p.EndToEndMs.Max)}**");
        Row("POST→202 p50 / p99 (ms)", p => $"{Ms(p.HttpMs.P50)} / {Ms(p.HttpMs.P99)}");
        Row("last hop: OrderConfirmed outbox write→observed p50 / p99 (ms)", p => $"{Ms(p.FinalEventHopMs.P50)} / {Ms(p.FinalEventHopMs.P99)}");
        Row("largest outbox lag seen (s, service)", p => $"{p.MaxOutboxLagSeconds:0.###} ({(p.MaxOutboxLagService.Length == 0 ? "all 0" : p.MaxOutboxLagService)}); max pending {p.MaxOutboxPendingMessages}");
        Row("broker publishes counted / per order", p => $"{p.BrokerPublishes} / {p.MessagesPerOrder:0.00}");
        Row("broker messages/s (orders/s × messages/order)", p => $"{p.BrokerMessagesPerSecond:0}");
        Row("database transactions per order (4 services' commits)", p => p.TransactionsPerOrder > 0 ? $"{p.TransactionsPerOrder:0.0}" : "–");
        Row("machine CPU busy", p => $"{p.MachineCpuBusyPercent:0}%");
        Row("disturbances: not-ready samples / broker connection losses", p => $"{p.NotReadySamples} / {p.BrokerConnectionLosses}");
        Row("JIT: methods compiled / compile time ÷ services' CPU", p => double.IsNaN(p.JitSharePercent) ? "–" : $"{p.JitMethods:0} / {p.JitSharePercent:0.#}%");
        Row("CPU ms per order", p => string.Join(", ", p.CpuMsPerOrder.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value:0.00}")));
        return rows;
    }

    static string Ms(double value) => double.IsNaN(value) ? "–" : value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);

    public static string Markdown(BenchmarkReport report)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# OrderSystem benchmark, {report.StartedAt:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine();
        if (report.Label.Length > 0)
            sb.AppendLine(CultureInfo.InvariantCulture, $"**{report.Label}**").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Hardware: {HardwareLine(report.Machine)}.").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Command: `{report.Command}`; run-specific SKU `{report.Sku}`.").AppendLine();
        if (report.Warmup.Length > 0)
            sb.AppendLine(CultureInfo.InvariantCulture, $"Warm-up: {report.Warmup}.").AppendLine();
        sb.AppendLine("| metric | closed loop (maximum) | open loop (latency) |");
        sb.AppendLine("|---|---|---|");
        foreach (var (metric, closed, open) in Rows(report))
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {metric} | {closed} | {open} |");
        sb.AppendLine();
        if (report.Baseline is { } b)
        {
            sb.AppendLine("Raw RabbitMQ.Client baseline on the same broker, same run (persistent messages, publisher confirms, durable topic exchange and queue, drained by a consumer):").AppendLine();
            sb.AppendLine("| publishers | message | confirmed msg/s | publish→confirm p50 / p99 (ms) | system broker msg/s ÷ raw |");
            sb.AppendLine("|---|---|---|---|---|");
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {b.Publishers} | {b.MessageBytes} B | **{b.MessagesPerSecond:0}** | {Ms(b.PublishP50Ms)} / {Ms(b.PublishP99Ms)} | **{(report.SystemToRawRatio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "–")}** |");
            sb.AppendLine();
        }

        if (report.PostgresBaseline is { } pg)
        {
            sb.AppendLine("Raw PostgreSQL baseline on the same server, same run (one consumer's transaction: insert inbox row, update a state row, insert a 1 KB outbox row, commit; one round trip each):").AppendLine();
            sb.AppendLine("| connections | committed tx/s | commit p50 / p99 (ms) |");
            sb.AppendLine("|---|---|---|");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {pg.Connections} | **{pg.TransactionsPerSecond:0}** | {Ms(pg.CommitP50Ms)} / {Ms(pg.CommitP99Ms)} |");
            sb.AppendLine();
        }

        if (report.Limit is { } limit)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"**Measured limit**: at {limit.MessagesPerOrder:0.00} broker messages and {limit.TransactionsPerOrder:0.0} database transactions per order, the broker alone would carry {limit.BrokerOrdersPerSecond:0} orders/s, the database alone {limit.DatabaseOrdersPerSecond:0}, both on the same cores {limit.CombinedOrdersPerSecond:0}; the system's {limit.SystemOrdersPerSecond:0.0} orders/s is **{limit.Fraction:P0}** of that.");
            sb.AppendLine();
        }

        foreach (var phase in new[] { report.Closed, report.Open })
        {
            if (phase?.FirstError is { } error)
                sb.AppendLine(CultureInfo.InvariantCulture, $"First error in the {phase.Mode} loop: `{error.Replace('`', '\'').ReplaceLineEndings(" ")}`").AppendLine();
        }

        sb.AppendLine("Messages per order = the vhost's `message_stats.publish` counter (management API) after minus before the phase, divided by the orders placed in it; transactions per order likewise from the services' databases' `pg_stat_database.xact_commit` (read right before and after the phase, so it includes the relays' and clean-ups' own transactions); the broker statistics were allowed to settle (all queues empty, counter still for longer than the statistics interval) before each reading. The last-hop figure is the time from the saga writing `OrderConfirmed` to its outbox (envelope `sentTime`) to the benchmark's consumer receiving it: commit, relay wake-up, claim, publish with confirm and broker routing. The outbox lag is the largest `ordersystem_outbox_oldest_pending_age_seconds` scraped from the services' `/metrics` (sampled by each service every 5 s).");
        return sb.ToString();
    }

    public static Table ConsoleTable(BenchmarkReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("OrderSystem benchmark");
        table.AddColumn("metric");
        table.AddColumn("closed loop (maximum)");
        table.AddColumn("open loop (latency)");
        foreach (var (metric, closed, open) in Rows(report))
            table.AddRow(Markup.Escape(metric.Replace("**", "", StringComparison.Ordinal)), Markup.Escape(closed.Replace("**", "", StringComparison.Ordinal)),
                Markup.Escape(open.Replace("**", "", StringComparison.Ordinal)));
        if (report.Baseline is { } b)
        {
            table.AddEmptyRow();
            table.AddRow("raw RabbitMQ.Client baseline", Markup.Escape($"{b.MessagesPerSecond:0} msg/s ({b.Publishers} confirmed publishers, {b.MessageBytes} B, persistent)"),
                Markup.Escape($"confirm p50 {Ms(b.PublishP50Ms)} ms, p99 {Ms(b.PublishP99Ms)} ms"));
            table.AddRow("system broker msg/s ÷ raw", report.SystemToRawRatio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "–", "");
        }

        if (report.PostgresBaseline is { } pg)
            table.AddRow("raw PostgreSQL baseline", Markup.Escape($"{pg.TransactionsPerSecond:0} tx/s ({pg.Connections} connections, inbox + update + outbox + commit)"),
                Markup.Escape($"commit p50 {Ms(pg.CommitP50Ms)} ms, p99 {Ms(pg.CommitP99Ms)} ms"));
        if (report.Limit is { } limit)
            table.AddRow("measured limit (broker + database)", Markup.Escape($"{limit.CombinedOrdersPerSecond:0} orders/s (broker {limit.BrokerOrdersPerSecond:0}, database {limit.DatabaseOrdersPerSecond:0})"),
                Markup.Escape($"system at {limit.Fraction:P0} of it"));

        table.Caption(Markup.Escape(HardwareLine(report.Machine)));
        return table;
    }
}
