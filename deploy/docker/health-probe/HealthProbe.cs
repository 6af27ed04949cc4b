namespace OrderSystem.HealthProbe;

/// <summary>
/// <c>dotnet OrderSystem.HealthProbe.dll [url]</c>: exit code 0 when the URL answers 2xx in time, 1 otherwise.
/// A compiled probe instead of a shell trick: it needs nothing but the .NET runtime the image already has, so it also
/// works on chiseled (shell-less) images.
/// </summary>
public static class HealthProbe
{
    /// <summary>What the service images probe: readiness, i.e. database and broker reachable.</summary>
    public static readonly Uri DefaultUrl = new("http://127.0.0.1:8080/health/ready");

    /// <summary>Entry point: the first argument is the URL to probe.</summary>
    public static async Task<int> Main(string[] args)
    {
        var url = args.Length > 0 ? new Uri(args[0]) : DefaultUrl;
        return await CheckAsync(url, TimeSpan.FromSeconds(4), Console.Out);
    }

    /// <summary>Probes <paramref name="url"/> once; writes one line saying what it saw.</summary>
    public static async Task<int> CheckAsync(Uri url, TimeSpan timeout, TextWriter log)
    {
        using var client = new HttpClient { Timeout = timeout };
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            await log.WriteLineAsync($"{url} -> {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await log.WriteLineAsync($"{url} -> {ex.GetType().Name}: {ex.Message}");
            return 1;
        }
    }
}
