namespace OrderSystem.ServiceDefaults;

/// <summary>Tags that decide which health endpoint runs a check.</summary>
public static class HealthCheckTags
{
    /// <summary>Checks that only say the process is up; run by <c>/health/live</c>. Never tag a dependency check with it.</summary>
    public const string Live = "live";

    /// <summary>
    /// Checks of dependencies the service needs to do its work (database, broker); run by <c>/health/ready</c>.
    /// MassTransit tags its bus checks "ready" and "masstransit" itself, so they are included.
    /// </summary>
    public const string Ready = "ready";
}
