namespace OrderSystem.Benchmarks;

/// <summary>Result of the raw PostgreSQL baseline: transactions of one consumer's shape, committed per second.</summary>
sealed record PostgresBaselineResult(int Connections, int OutboxBodyBytes, double Seconds, long Committed, double TransactionsPerSecond,
    double CommitP50Ms, double CommitP99Ms);
