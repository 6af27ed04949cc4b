using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using AwesomeAssertions;
using Xunit;
using static OrderSystem.Deployment.Tests.Deploy.DeploymentRepo;

namespace OrderSystem.Deployment.Tests.Deploy;

/// <summary>deploy/docker/service.Dockerfile and the health probe its HEALTHCHECK runs.</summary>
public sealed partial class ServiceDockerfileTests
{
    const string DockerfilePath = "deploy/docker/service.Dockerfile";
    static readonly string Dockerfile = Read(DockerfilePath);

    [Fact]
    public void EveryBaseImageIsPinnedToAPatchVersion()
    {
        var froms = From().Matches(Dockerfile).Select(m => m.Groups["image"].Value).ToList();
        froms.Should().NotBeEmpty();
        froms.Should().OnlyContain(image => PinnedDotnetImage().IsMatch(image), "SDK and runtime tags carry exact patch numbers");
        froms.Should().Contain(i => i.StartsWith("mcr.microsoft.com/dotnet/aspnet:", StringComparison.Ordinal), "the final stage is the ASP.NET Core runtime");
    }

    [Fact]
    public void FinalStageRunsAsNonRootWithAReadinessHealthCheck()
    {
        var finalStage = Dockerfile[Dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        var user = UserLine().Match(finalStage);
        user.Success.Should().BeTrue("the final stage must switch user");
        user.Groups["user"].Value.Should().BeOneOf(["app", "$APP_UID", "1654"], "the .NET images' non-root user");
        finalStage.Should().Contain("HEALTHCHECK");
        finalStage.Should().Contain("/health/ready");
        finalStage.Should().Contain("/health-probe/OrderSystem.HealthProbe.dll");
        finalStage.Should().Contain("EXPOSE 8080");
    }

    [Fact]
    public void RestoreIsCachedSeparatelyFromTheSources()
    {
        var restore = Dockerfile.IndexOf("dotnet restore", StringComparison.Ordinal);
        var copyAll = Dockerfile.IndexOf("COPY . .", Dockerfile.IndexOf("AS build", StringComparison.Ordinal), StringComparison.Ordinal);
        restore.Should().BePositive();
        copyAll.Should().BeGreaterThan(restore, "sources are copied after restore so that a code change does not invalidate the restore layer");
        Dockerfile.Should().Contain("ARG SERVICE");
    }

    [Fact]
    public void ServicesArePublishedWithIcuBecauseSqlClientRejectsInvariantMode()
    {
        // Directory.Build.props turns invariant globalization on; SqlClient throws NotSupportedException in that mode.
        Dockerfile.Should().MatchRegex(@"dotnet publish ""services/[^\n]*\n[^\n]*-p:InvariantGlobalization=false");
        From().Matches(Dockerfile).Select(m => m.Groups["image"].Value).Last().Should().NotContain("chiseled", "chiseled images lack ICU");
    }

    [Fact]
    public void EveryServiceProjectTheBuildArgNamesExists()
    {
        foreach (var (_, folder) in AllServices)
            File.Exists(PathOf($"services/{folder}/OrderSystem.{folder}/OrderSystem.{folder}.csproj")).Should().BeTrue();
        File.Exists(PathOf("deploy/docker/health-probe/OrderSystem.HealthProbe.csproj")).Should().BeTrue();
    }

    [Fact]
    public void DockerIgnoreKeepsBuildOutputAndSecretsOutOfTheContext()
    {
        var lines = File.ReadAllLines(PathOf(".dockerignore")).Select(l => l.Trim()).ToList();
        lines.Should().Contain(["**/bin/", "**/obj/", ".git/", ".local/", ".env", "**/TestResults/"]);
    }

    [Fact]
    public async Task HealthProbeExitsZeroOnlyForASuccessfulAnswer()
    {
        var probe = await BuildProbeAsync();
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var status = HttpStatusCode.OK;
        var server = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (HttpListenerException) { return; }
                catch (ObjectDisposedException) { return; }
                context.Response.StatusCode = (int)status;
                context.Response.Close();
            }
        }, TestContext.Current.CancellationToken);

        (await RunProbeAsync(probe, $"http://127.0.0.1:{port}/health/ready")).ExitCode.Should().Be(0);
        status = HttpStatusCode.ServiceUnavailable;
        (await RunProbeAsync(probe, $"http://127.0.0.1:{port}/health/ready")).ExitCode.Should().Be(1, "503 is unhealthy");
        listener.Stop();
        (await RunProbeAsync(probe, $"http://127.0.0.1:{FreePort()}/health/ready")).ExitCode.Should().Be(1, "nothing listening is unhealthy");
        await server;
    }

    static Task<(int ExitCode, string Stdout, string Stderr)> RunProbeAsync(string probe, string url)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(probe);
        start.ArgumentList.Add(url);
        return RunAsync(start, TimeSpan.FromSeconds(30));
    }

    static async Task<string> BuildProbeAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), "ordersystem-health-probe-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Root };
        foreach (var argument in new[] { "build", PathOf("deploy/docker/health-probe/OrderSystem.HealthProbe.csproj"), "-c", "Release", "-o", output, "--nologo" })
            start.ArgumentList.Add(argument);
        var (exitCode, stdout, _) = await RunAsync(start, TimeSpan.FromMinutes(3));
        exitCode.Should().Be(0, stdout);
        return Path.Combine(output, "OrderSystem.HealthProbe.dll");
    }

    static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^FROM\s+(?:--\S+\s+)*(?<image>\S+)", RegexOptions.Multiline)]
    private static partial Regex From();

    [GeneratedRegex(@"^mcr\.microsoft\.com/dotnet/(sdk|aspnet):\d+\.\d+\.\d+(-[a-z0-9.-]+)?$")]
    private static partial Regex PinnedDotnetImage();

    [GeneratedRegex(@"^USER\s+(?<user>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex UserLine();
}
