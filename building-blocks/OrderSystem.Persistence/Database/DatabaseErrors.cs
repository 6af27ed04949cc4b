namespace OrderSystem.Persistence.Database;

/// <summary>Recognises provider errors that the building blocks and services treat specially, whatever the engine.</summary>
public static class DatabaseErrors
{
    /// <summary>True when the save failed because a row with the same unique key exists.</summary>
    public static bool IsUniqueViolation(Exception exception) => DatabaseDialect.All.Any(d => d.IsUniqueViolation(exception));

    /// <summary>True when the transaction was chosen as a deadlock victim (40P01 on PostgreSQL, 1205 on SQL Server).</summary>
    public static bool IsDeadlock(Exception exception) => DatabaseDialect.All.Any(d => d.IsDeadlock(exception));
}
