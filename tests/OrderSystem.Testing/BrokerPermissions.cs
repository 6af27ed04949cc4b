using System.Diagnostics;

namespace OrderSystem.Testing;

/// <summary>
/// A service's RabbitMQ permissions (regular expressions over entity names), as the local scripts grant them.
/// </summary>
/// <param name="Configure">Entities the user may declare and delete.</param>
/// <param name="Write">Exchanges it may publish to, queues it may bind.</param>
/// <param name="Read">Queues it may consume, exchanges it may bind from.</param>
public sealed record BrokerPermissions(string Configure, string Write, string Read)
{
    const string Script = "deploy/local/lib.sh";

    /// <summary>
    /// Runs <c>broker_permissions &lt;service&gt;</c> of deploy/local/lib.sh, the one definition the scripts apply (compose's
    /// and Kubernetes' copies are compared with it by the deployment tests), so a test grants exactly what deployments grant.
    /// </summary>
    /// <param name="service">order, inventory, payment or notification.</param>
    public static BrokerPermissions Of(string service)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot(),
        };
        foreach (var argument in new[] { "-c", $"source {Script} && broker_permissions \"$1\"", "broker_permissions", service })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)) || process.ExitCode != 0)
            throw new InvalidOperationException($"broker_permissions {service} ({Script}) failed: {error}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 3
            ? new BrokerPermissions(lines[0], lines[1], lines[2])
            : throw new InvalidOperationException($"broker_permissions {service} printed {lines.Length} lines, expected configure, write, read: {output}");
    }

    static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrderSystem.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("OrderSystem.sln not found above " + AppContext.BaseDirectory);
    }
}
