using System.Diagnostics;

namespace OrderSystem.FaultInjection;

/// <summary>Runs command-line tools (rabbitmqctl, pg_ctlcluster, bash), as root through sudo when not root already.</summary>
public static class Shell
{
    static readonly bool IsRoot = Environment.UserName == "root";

    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/>; returns the exit code and the combined output.</summary>
    public static async Task<(int ExitCode, string Output)> Run(string file, IEnumerable<string> arguments, bool asRoot = false,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(asRoot && !IsRoot ? "sudo" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asRoot && !IsRoot)
        {
            info.ArgumentList.Add("-E");
            info.ArgumentList.Add(file);
        }

        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} timed out");
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>Runs a tool and throws with its output when it fails.</summary>
    public static async Task<string> Check(string file, IEnumerable<string> arguments, bool asRoot = false,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var (code, output) = await Run(file, arguments, asRoot, environment, timeout);
        if (code != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({code}): {output.Trim()}");
        return output;
    }
}
