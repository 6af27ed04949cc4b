using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace OrderSystem.Persistence.Database;

/// <summary>Recognises provider errors that the building blocks treat specially.</summary>
public static class DatabaseErrors
{
    /// <summary>True when the save failed because a row with the same unique key exists.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqlException sqlServer => sqlServer.Number is 2627 or 2601,
        _ => false,
    };
}
