using System.Globalization;

namespace OrderSystem.Benchmarks;

/// <summary>CPU seconds used by the system's processes (Linux /proc), to show where an order's CPU goes.</summary>
static class ProcessCpu
{
    static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>CPU seconds per component: the four services (found by their listening port), RabbitMQ, PostgreSQL, the benchmark.</summary>
    public static Dictionary<string, double> Read(BenchmarkOptions options)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        result["benchmark"] = Environment.ProcessId is var self ? Seconds(self) : 0;
        if (!OperatingSystem.IsLinux())
            return result;

        var databases = options.Services.Select(s => options.DatabasePrefix + s.Service).ToHashSet(StringComparer.Ordinal);
        var urls = options.Services.ToDictionary(s => $"ASPNETCORE_URLS=http://localhost:{s.Url.Port}", s => s.Service, StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var comm = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
                string? component = comm switch
                {
                    "beam.smp" => "rabbitmq",
                    "postgres" => PostgresRole(dir, databases),
                    "dotnet" => ServiceOf(dir, urls),
                    _ => null,
                };
                if (component is null)
                    continue;
                result[component] = result.GetValueOrDefault(component) + Seconds(pid);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile, or is not ours to read.
            }
        }

        return result;
    }

    /// <summary>
    /// A backend serving one of the run's databases counts as "postgresql"; the server's own processes (WAL writer,
    /// checkpointer, …) as "postgresql (shared)"; backends of other databases (other people's tests) are left out.
    /// </summary>
    static string? PostgresRole(string dir, HashSet<string> databases)
    {
        // e.g. "postgres: 15/main: ordersystem ordersystem_order 127.0.0.1(54230) idle"
        var title = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
        var parts = title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 5 && parts[4].Contains('(', StringComparison.Ordinal))
            return databases.Contains(parts[3]) ? "postgresql" : null;
        return "postgresql (shared)";
    }

    static string? ServiceOf(string dir, Dictionary<string, string> urls)
    {
        var environ = File.ReadAllText(Path.Combine(dir, "environ"));
        foreach (var variable in environ.Split('\0'))
        {
            if (variable.StartsWith("ASPNETCORE_URLS=", StringComparison.Ordinal) && urls.TryGetValue(variable, out var service))
                return service;
        }

        return null;
    }

    static double Seconds(int pid)
    {
        if (!OperatingSystem.IsLinux())
            return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (which may contain spaces) start after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the state field (index 0 here).
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / TicksPerSecond;
    }

    /// <summary>Machine-wide busy and total jiffies from /proc/stat.</summary>
    public static (long Busy, long Total) Machine()
    {
        if (!OperatingSystem.IsLinux())
            return (0, 0);
        var line = File.ReadLines("/proc/stat").First();
        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var idle = values[3] + (values.Length > 4 ? values[4] : 0);
        var total = values.Take(8).Sum();
        return (total - idle, total);
    }
}
