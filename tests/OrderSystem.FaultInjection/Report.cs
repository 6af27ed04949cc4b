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

    /// <summary>One line per scenario and the verdict.</summary>
    public static void Summary(IReadOnlyList<(string Scenario, bool Passed, int Orders, TimeSpan Duration)> scenarios, TimeSpan total)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]fault injection summary[/]");
        table.AddColumn("scenario").AddColumn("accepted orders").AddColumn("duration").AddColumn("result");
        foreach (var (scenario, passed, orders, duration) in scenarios)
            table.AddRow(scenario, orders.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{duration.TotalSeconds:0} s", passed ? "[green]PASS[/]" : "[red]FAIL[/]");
        AnsiConsole.Write(table);
        var failed = scenarios.Count(s => !s.Passed);
        Console.WriteLine($"{scenarios.Count - failed} scenarios passed, {failed} failed in {total.TotalSeconds:0} s");
    }
}
