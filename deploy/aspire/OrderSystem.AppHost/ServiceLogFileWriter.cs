using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;

namespace OrderSystem.AppHost;

/// <summary>
/// Writes each service's console output to <c>.local/logs/&lt;service&gt;.log</c>, as the local run always did: the
/// dashboard shows the same lines, but grep, tail and the fault-injection runner read files.
/// </summary>
public sealed partial class ServiceLogFileWriter(ServiceLogFiles files, ResourceNotificationService notifications, ResourceLoggerService resourceLogs)
    : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (files.Directory is not { } directory)
            return;
        Directory.CreateDirectory(directory);
        var copies = new Dictionary<string, Task>(StringComparer.Ordinal);
        try
        {
            // Logs are kept per running instance (its resource id, e.g. order-xkqzv), known once the orchestrator created it.
            await foreach (var change in notifications.WatchAsync(stoppingToken))
            {
                if (files.Services.Contains(change.Resource.Name) && !copies.ContainsKey(change.ResourceId))
                    copies[change.ResourceId] = CopyAsync(change.ResourceId, Path.Combine(directory, $"{change.Resource.Name}.log"), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
        await Task.WhenAll(copies.Values);
    }

    async Task CopyAsync(string resourceId, string path, CancellationToken stoppingToken)
    {
        await using var writer = new StreamWriter(path, append: false) { AutoFlush = true };
        try
        {
            await foreach (var batch in resourceLogs.WatchAsync(resourceId).WithCancellation(stoppingToken))
            {
                foreach (var line in batch)
                    await writer.WriteLineAsync(AnsiEscape().Replace(line.Content, ""));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
    }

    // The orchestrator lets services write colours (the dashboard renders them); a file reads better without.
    [GeneratedRegex(@"\x1B\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiEscape();
}
