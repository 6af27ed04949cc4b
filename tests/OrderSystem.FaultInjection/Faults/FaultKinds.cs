namespace OrderSystem.FaultInjection.Faults;

/// <summary>Names, groups and properties of <see cref="FaultKind"/>.</summary>
public static class FaultKinds
{
    /// <summary>The faults that go through the runner's proxies.</summary>
    public static readonly FaultKind[] Network = [FaultKind.CutBroker, FaultKind.CutDatabase, FaultKind.Latency, FaultKind.CutMidPublish, FaultKind.CutMidCommit];

    /// <summary>Every fault, in declaration order.</summary>
    public static readonly FaultKind[] All = Enum.GetValues<FaultKind>();

    /// <summary>
    /// Faults that stop or disturb a server other systems may share (RabbitMQ, PostgreSQL, every connection of the vhost);
    /// <c>--faults</c> without them keeps a run to the runner's own processes and proxies.
    /// </summary>
    public static bool StopsSharedServer(FaultKind kind) => kind is FaultKind.Broker or FaultKind.Postgres or FaultKind.Connections;

    /// <summary>Command-line name: CutMidPublish → cut-mid-publish.</summary>
    public static string Name(FaultKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>
    /// Parses a comma-separated list of names; "network" stands for every network fault, "all" for every fault. Null when
    /// a name is unknown.
    /// </summary>
    public static HashSet<FaultKind>? Parse(string list)
    {
        var kinds = new HashSet<FaultKind>();
        foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (name == "all")
                kinds.UnionWith(All);
            else if (name == "network")
                kinds.UnionWith(Network);
            else if (All.FirstOrDefault(k => Name(k) == name) is var kind && Name(kind) == name)
                kinds.Add(kind);
            else
                return null;
        }

        return kinds.Count > 0 ? kinds : null;
    }
}
