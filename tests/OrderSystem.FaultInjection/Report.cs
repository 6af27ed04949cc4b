using System.Globalization;
using OrderSystem.FaultInjection.Reporting;
using Spectre.Console;

namespace OrderSystem.FaultInjection;

/// <summary>The tables the runner prints.</summary>
public static class Report
{
    /// <summary>The invariants table of one scenario.</summary>
    public static void Print(string scenario, IReadOnlyList<InvariantResult> results, TimeSpan duration)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(scenario)}[/] invariants ({duration.TotalSeconds:0} s)");
        table.AddColumn("invariant").AddColumn("result").AddColumn("detail");
        foreach (var result in results)
        {
            var verdict = result.Passed switch
            {
                true => "[green]PASS[/]",
                false => "[red]FAIL[/]",
                null when result.Name.StartsWith("(info)", StringComparison.Ordinal) => "[blue]info[/]",
                null => "[yellow]n/a[/]",
            };
            var detail = Markup.Escape(result.Detail);
            if (result.Involved.Count > 0)
                detail += "\n[red]" + Markup.Escape(string.Join("\n", result.Involved.Take(20))) + (result.Involved.Count > 20 ? $"\n… {result.Involved.Count - 20} more" : "") + "[/]";
            table.AddRow(Markup.Escape(result.Name), verdict, detail);
        }

        AnsiConsole.Write(table);
        foreach (var failed in results.Where(r => r.Passed == false))
            Console.WriteLine($"VIOLATION [{scenario}] {failed.Name}: {string.Join(" ", failed.Involved)}");
    }

    /// <summary>The faults of one scenario and, for the soak, its trends.</summary>
    public static void Faults(ScenarioReport scenario)
    {
        if (scenario.Faults.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(scenario.Name)}[/] faults (seed {scenario.Seed})");
            table.AddColumn("fault").AddColumn("injected").AddColumn("took effect").AddColumn("worst recovery").AddColumn("not recovered in 180 s");
            foreach (var f in scenario.Faults)
                table.AddRow(f.Kind, Number(f.Injected), Number(f.Effective), f.WorstRecoverySeconds is { } s ? $"{s:0.0} s" : "–", Number(f.RecoveryTimeouts));
            AnsiConsole.Write(table);
        }

        foreach (var t in scenario.Trends.Where(t => !t.Passed))
            Console.WriteLine($"VIOLATION [{scenario.Name}] {t.Metric} drifts: {t.SlopePerHour:0.0}/h, allowed {t.AllowedPerHour:0.0}/h ({(t.Metric.StartsWith("orders/s", StringComparison.Ordinal) ? "decline" : "growth")})");
        if (scenario.Trends.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("[bold]soak trends[/] (least-squares slope of the second half outside faults, per hour)");
            table.AddColumn("series").AddColumn("median").AddColumn("slope/h").AddColumn("allowed/h").AddColumn("result");
            foreach (var t in scenario.Trends)
                table.AddRow(Markup.Escape(t.Metric), $"{t.Median:0.0}", t.SlopePerHour is { } s ? $"{s:0.0}" : "–", $"{t.AllowedPerHour:0.0}", t.Passed ? "[green]PASS[/]" : "[red]FAIL[/]");
            AnsiConsole.Write(table);
        }
    }

    static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One line per scenario and the verdict.</summary>
    public static void Summary(IReadOnlyList<ScenarioReport> scenarios, TimeSpan total)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]fault injection summary[/]");
        table.AddColumn("scenario").AddColumn("accepted orders").AddColumn("faults").AddColumn("worst recovery").AddColumn("duration").AddColumn("result");
        foreach (var s in scenarios)
        {
            table.AddRow(s.Name, Number(s.OrdersAccepted), Number(s.Faults.Sum(f => f.Injected)),
                s.WorstRecoverySeconds is { } r ? $"{r:0.0} s" : "–", $"{s.DurationSeconds:0} s", s.Passed ? "[green]PASS[/]" : "[red]FAIL[/]");
        }

        AnsiConsole.Write(table);
        var failed = scenarios.Count(s => !s.Passed);
        Console.WriteLine($"{scenarios.Count - failed} scenarios passed, {failed} failed in {total.TotalSeconds:0} s");
    }
}
