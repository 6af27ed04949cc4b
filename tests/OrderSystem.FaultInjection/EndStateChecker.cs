namespace OrderSystem.FaultInjection;

/// <summary>
/// Invariants of the end state added by issue 16: no message left in any outbox table (messages or transactions, which
/// include scheduled timeouts) and no message left in any queue other than the dead-letter queues.
/// </summary>
public sealed class EndStateChecker(Infrastructure infrastructure, ServiceDatabases databases)
{
    /// <summary>Reads the outboxes and queues and returns the two results.</summary>
    public async Task<List<InvariantResult>> Check()
    {
        var outboxProblems = new List<string>();
        var outboxDetail = new List<string>();
        foreach (var service in ServiceHost.Services)
        {
            var counts = await databases.Read(service);
            outboxDetail.Add(counts is null ? $"{service} unreadable" : $"{service} {counts.OutboxMessages}/{counts.OutboxTransactions}");
            if (counts is null || counts.OutboxMessages + counts.OutboxTransactions > 0)
                outboxProblems.Add(counts is null ? $"{service}: database not readable" : $"{service}: {counts.OutboxMessages} messages, {counts.OutboxTransactions} transactions");
        }

        var results = new List<InvariantResult>
        {
            InvariantResult.Check("no message left in any outbox (messages/transactions)", string.Join(", ", outboxDetail), outboxProblems),
        };

        var depths = await infrastructure.QueueDepths();
        if (depths is null)
        {
            results.Add(new InvariantResult("no message left in any queue (DLQs aside)", false, "management API unreachable", ["management API"]));
        }
        else
        {
            var queues = depths.Where(d => !d.Key.EndsWith(".dlq", StringComparison.Ordinal)).ToList();
            results.Add(InvariantResult.Check("no message left in any queue (DLQs aside)",
                $"{queues.Count} queues, {queues.Sum(q => q.Value)} messages",
                queues.Where(q => q.Value > 0).Select(q => $"{q.Key}: {q.Value}")));
        }

        return results;
    }
}
