namespace OrderSystem.FaultInjection;

/// <summary>The result of one invariant: passed, failed (with the orders or products involved) or not available.</summary>
public sealed record InvariantResult(string Name, bool? Passed, string Detail, IReadOnlyList<string> Involved)
{
    /// <summary>Shorthand for a passing result.</summary>
    public static InvariantResult Pass(string name, string detail) => new(name, true, detail, []);

    /// <summary>Shorthand for a result that fails when <paramref name="involved"/> is not empty.</summary>
    public static InvariantResult Check(string name, string detail, IEnumerable<string> involved)
    {
        var list = involved.Distinct().ToList();
        return new InvariantResult(name, list.Count == 0, detail, list);
    }
}
