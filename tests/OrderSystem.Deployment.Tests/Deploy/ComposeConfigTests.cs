using System.Diagnostics;
using AwesomeAssertions;
using Xunit;
using static OrderSystem.Deployment.Tests.Deploy.DeploymentRepo;

namespace OrderSystem.Deployment.Tests.Deploy;

/// <summary>
/// `docker-compose config` (Debian's docker-compose 1.29 validates and interpolates without a Docker engine) accepts the
/// file with a .env made from .env.example and refuses it, naming the variable, when a required one is missing.
/// </summary>
public sealed class ComposeConfigTests
{
    /// <summary>Every variable compose requires (${NAME:?message}).</summary>
    public static TheoryData<string> RequiredVariables() => new(RequiredVariableNames());

    static IEnumerable<string> RequiredVariableNames() =>
        VariableReferences(Read("docker-compose.yml")).Where(r => r.Operator == ":?").Select(r => r.Name).Distinct().Order();

    [Fact]
    public async Task ConfigAcceptsTheFileWithEnvExampleValues()
    {
        var compose = ComposeBinary();
        var (exitCode, stdout, stderr) = await RunComposeAsync(compose, EnvFileValues());

        exitCode.Should().Be(0, stderr);
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        using (var reader = new StringReader(stdout))
            stream.Load(reader);
        var services = ((YamlDotNet.RepresentationModel.YamlMappingNode)stream.Documents[0].RootNode)["services"];
        ((YamlDotNet.RepresentationModel.YamlMappingNode)services).Children.Keys.Select(k => k.ToString()).Should().Contain(
            ["sqlserver", "rabbitmq-definitions", "rabbitmq", "jaeger", "mailpit", "prometheus", "grafana", "order", "inventory", "payment", "notification", "identity"]);
        stdout.Should().Contain("127.0.0.1:5001:8080", "ORDER_PORT from .env.example publishes Order on 5001");
    }

    [Theory]
    [MemberData(nameof(RequiredVariables))]
    public async Task ConfigRefusesToStartWithoutARequiredVariable(string variable)
    {
        var compose = ComposeBinary();
        var values = EnvFileValues();
        values.Remove(variable);

        var (exitCode, _, stderr) = await RunComposeAsync(compose, values);

        exitCode.Should().NotBe(0, $"compose must refuse to start without {variable}");
        stderr.Should().Contain(variable + " is required", "the message must say which variable is missing");
    }

    [Fact]
    public void EnvExampleDefinesEveryVariableComposeRequires()
    {
        var names = ComposeFileTests.EnvExampleNames();
        RequiredVariableNames().Should().OnlyContain(v => names.Contains(v),
            "every variable compose requires must be in .env.example, or `cp .env.example .env && docker compose up` fails");
    }

    /// <summary>.env.example's values: compose is validated with what a newcomer copies into .env.</summary>
    static Dictionary<string, string> EnvFileValues() => ComposeFileTests.EnvExample();

    static async Task<(int ExitCode, string Stdout, string Stderr)> RunComposeAsync(string compose, Dictionary<string, string> values)
    {
        var directory = Directory.CreateTempSubdirectory("ordersystem-compose-");
        try
        {
            var envFile = Path.Combine(directory.FullName, "test.env");
            await File.WriteAllLinesAsync(envFile, values.Select(kv => $"{kv.Key}={kv.Value}"), TestContext.Current.CancellationToken);

            var start = new ProcessStartInfo(compose) { WorkingDirectory = Root };
            foreach (var argument in new[] { "--project-name", "ordersystem-test", "--file", PathOf("docker-compose.yml"), "--env-file", envFile, "config" })
                start.ArgumentList.Add(argument);
            // Values from the test's own environment (tests/run.sh exports some) would win over the env file.
            foreach (var name in AgreedEnvironmentVariables.Concat(ComposeOnlyVariables).Concat(["COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "COMPOSE_PROFILES"]))
                start.Environment.Remove(name);
            return await RunAsync(start, TimeSpan.FromSeconds(60));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>ORDERSYSTEM_DOCKER_COMPOSE, else docker-compose on PATH; missing: skip on a developer machine, fail in CI.</summary>
    static string ComposeBinary()
    {
        var configured = System.Environment.GetEnvironmentVariable("ORDERSYSTEM_DOCKER_COMPOSE");
        if (!string.IsNullOrEmpty(configured))
            return File.Exists(configured) ? configured : throw new FileNotFoundException("ORDERSYSTEM_DOCKER_COMPOSE points to a missing file", configured);

        var onPath = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "docker-compose")).FirstOrDefault(File.Exists);
        if (onPath is not null)
            return onPath;

        var inCi = !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("CI"));
        Assert.SkipUnless(inCi, "docker-compose is not installed (apt-get install docker-compose); skipped outside CI");
        throw new InvalidOperationException("docker-compose is required in CI to validate docker-compose.yml: apt-get install -y docker-compose, or set ORDERSYSTEM_DOCKER_COMPOSE");
    }
}
