namespace OrderSystem.Benchmarks;

/// <summary>
/// The orders/s this machine's broker and database could carry for the system's own message and transaction counts per
/// order, alone and together (both share the cores, so their costs add: 1 / (1/broker + 1/database)).
/// </summary>
sealed record MeasuredLimit(double MessagesPerOrder, double TransactionsPerOrder, double BrokerOrdersPerSecond, double DatabaseOrdersPerSecond,
    double CombinedOrdersPerSecond, double SystemOrdersPerSecond)
{
    public double Fraction => CombinedOrdersPerSecond > 0 ? SystemOrdersPerSecond / CombinedOrdersPerSecond : 0;

    public static MeasuredLimit? Of(PhaseResult? phase, BaselineResult? broker, PostgresBaselineResult? database)
    {
        if (phase is not { MessagesPerOrder: > 0, TransactionsPerOrder: > 0 } || broker is not { MessagesPerSecond: > 0 } || database is not { TransactionsPerSecond: > 0 })
            return null;
        var brokerLimit = broker.MessagesPerSecond / phase.MessagesPerOrder;
        var databaseLimit = database.TransactionsPerSecond / phase.TransactionsPerOrder;
        return new MeasuredLimit(phase.MessagesPerOrder, phase.TransactionsPerOrder, brokerLimit, databaseLimit,
            1 / ((1 / brokerLimit) + (1 / databaseLimit)), phase.ConfirmedPerSecond);
    }
}
