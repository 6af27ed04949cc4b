using System.ComponentModel.DataAnnotations;

namespace OrderSystem.Persistence.Database;

/// <summary>The one provider switch, bound from <c>Database</c>; the connection string is <c>ConnectionStrings:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Which engine the service uses.</summary>
    [Required]
    public DatabaseProvider? Provider { get; set; }

    /// <summary>Apply EF Core migrations at start-up.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>How long start-up waits for the database to accept connections (slow SQL Server starts).</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(90);
}
