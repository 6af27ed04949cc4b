namespace OrderSystem.FaultInjection.Reporting;

/// <summary>An invariant as reported: PASS, FAIL, n/a or info, with at most 20 of the ids involved.</summary>
public sealed record InvariantRow(string Name, string Result, string Detail, int InvolvedCount, IReadOnlyList<string> Involved)
{
    /// <summary>From a checker result.</summary>
    public static InvariantRow From(InvariantResult result) => new(result.Name,
        result.Passed switch
        {
            true => "PASS",
            false => "FAIL",
            null when result.Name.StartsWith("(info)", StringComparison.Ordinal) => "info",
            null => "n/a",
        },
        result.Detail, result.Involved.Count, [.. result.Involved.Take(20)]);
}
