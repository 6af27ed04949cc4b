using OrderSystem.Benchmarks;
using Spectre.Console;

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var runner = new BenchmarkRunner(options);
try
{
    var report = await runner.RunAsync(cancellation.Token);
    AnsiConsole.Write(ReportWriter.ConsoleTable(report));
    var (json, markdown) = ReportWriter.Write(report, options.ResultsDirectory);
    AnsiConsole.MarkupLine($"Report: [blue]{Markup.Escape(markdown)}[/] and [blue]{Markup.Escape(json)}[/] (also latest.md / latest.json)");
    return report.Closed is { TimedOut: > 0 } || report.Open is { TimedOut: > 0 } ? 1 : 0;
}
catch (BenchmarkException exception)
{
    AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(exception.Message)}");
    return 1;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    AnsiConsole.MarkupLine("[yellow]cancelled[/]");
    return 130;
}
catch (Exception exception)
{
    // The system or the broker went away mid-run (a restart, a crash): say so plainly, no report.
    AnsiConsole.MarkupLine($"[red]error:[/] the run failed: {Markup.Escape(exception.GetType().Name)}: {Markup.Escape(exception.Message)}");
    return 1;
}
