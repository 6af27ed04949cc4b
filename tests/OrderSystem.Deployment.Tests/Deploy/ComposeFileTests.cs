using System.Text.RegularExpressions;
using AwesomeAssertions;
using Xunit;
using static OrderSystem.Deployment.Tests.Deploy.DeploymentRepo;

namespace OrderSystem.Deployment.Tests.Deploy;

/// <summary>docker-compose.yml read as data: pins, health checks, secrets, ports, start order.</summary>
public sealed partial class ComposeFileTests
{
    static readonly Dictionary<string, Dictionary<string, object?>> Compose = ComposeServices();

    static bool IsOneShot(Dictionary<string, object?> service) => service.GetValueOrDefault("restart") as string == "no";

    [Fact]
    public void EveryImageIsPinnedToAVersionTag()
    {
        foreach (var (name, service) in Compose)
        {
            var image = service.GetValueOrDefault("image") as string;
            image.Should().NotBeNullOrEmpty($"service {name} must name its image (built services name the tag they build)");
            var lastSegment = image!.Split('/')[^1];
            lastSegment.Should().Contain(":", $"{name}: {image} has no tag");
            var tag = lastSegment.Split(':')[1].Split('@')[0];
            tag.Should().NotBe("latest", $"{name} must not float");
            if (!service.ContainsKey("build"))
                tag.Should().MatchRegex(@"\d+\.\d+", $"{name}: third-party image {image} must be pinned to a version, not a moving tag");
        }
    }

    [Fact]
    public void EveryLongRunningServiceHasAHealthCheck()
    {
        foreach (var (name, service) in Compose.Where(s => !IsOneShot(s.Value)))
        {
            var healthcheck = service.GetValueOrDefault("healthcheck") as Dictionary<string, object?>;
            healthcheck.Should().NotBeNull($"{name} needs a healthcheck so that others can wait for it");
            List(healthcheck!.GetValueOrDefault("test")).Should().NotBeEmpty($"{name}'s healthcheck needs a test");
        }
    }

    [Fact]
    public void BuiltServicesProbeTheirReadinessEndpoint()
    {
        foreach (var (name, _) in AllServices)
        {
            var test = List(Map(Compose[name]["healthcheck"])["test"]).Cast<string>().ToList();
            test.Should().Contain(t => t.EndsWith(":8080/health/ready", StringComparison.Ordinal), $"{name} is healthy when ready");
        }
    }

    [Fact]
    public void DependenciesWaitForHealthOrCompletion()
    {
        foreach (var (name, service) in Compose)
        {
            if (!service.TryGetValue("depends_on", out var dependsOn) || dependsOn is null)
                continue;
            dependsOn.Should().BeOfType<Dictionary<string, object?>>($"{name}: depends_on must use the long form with a condition");
            foreach (var (dependency, spec) in Map(dependsOn))
            {
                Compose.Should().ContainKey(dependency);
                var expected = IsOneShot(Compose[dependency]) ? "service_completed_successfully" : "service_healthy";
                Map(spec).GetValueOrDefault("condition").Should().Be(expected, $"{name} waits for {dependency}");
            }
        }

        foreach (var (name, _) in Services)
            Map(Compose[name]["depends_on"]).Keys.Should().Contain(["sqlserver", "rabbitmq", "identity"],
                $"{name} must not start before its database, broker and the Identity whose tokens it checks");
        Map(Compose["identity"]["depends_on"]).Keys.Should().Contain("sqlserver");
        Map(Compose["rabbitmq"]["depends_on"]).Keys.Should().Contain("rabbitmq-definitions");
    }

    [Fact]
    public void EverySecretIsARequiredVariable()
    {
        foreach (var (name, service) in Compose)
        {
            foreach (var (key, value) in Environment(service))
            {
                if (SecretKey().IsMatch(key))
                    value.Should().MatchRegex(@"^\$\{[A-Z0-9_]+:\?[^}]+\}$", $"{name}: {key} must be a required variable with a message, never a literal");
                if (value.Contains("Password=", StringComparison.OrdinalIgnoreCase))
                    value.Should().MatchRegex(@"Password=\$\{[A-Z0-9_]+:\?[^}]+\};", $"{name}: the password inside {key} must be a required variable");
            }
        }

        var text = Read("docker-compose.yml");
        text.Should().NotContainAny(["guest", "Password=Passw", "changeme"]);
        foreach (var (variable, op) in VariableReferences(text).Where(r => SecretName().IsMatch(r.Name)))
            op.Should().Be(":?", $"{variable} is a secret: compose must refuse to start without it");
    }

    [Fact]
    public void EveryVariableIsOneThatEnvExampleDefines()
    {
        var known = EnvExampleNames();
        var used = VariableReferences(Read("docker-compose.yml")).Select(r => r.Name).Distinct().ToList();
        used.Should().OnlyContain(v => known.Contains(v),
            File.Exists(PathOf(".env.example")) ? "every variable compose reads must be in .env.example" : "compose reads only agreed variables");
    }

    [Fact]
    public void ServiceEnvironmentFollowsTheConfigurationDocument()
    {
        foreach (var (name, folder) in Services)
        {
            var env = Environment(Compose[name]);
            env["Database__Provider"].Should().Be("SqlServer");
            env["ConnectionStrings__Database"].Should().StartWith($"Server=sqlserver,1433;Database=OrderSystem_{folder};");
            env["ConnectionStrings__Database"].Should().Contain("TrustServerCertificate=True");
            env["RabbitMq__Host"].Should().Be("rabbitmq");
            env["RabbitMq__Port"].Should().Be("5672");
            env["RabbitMq__VirtualHost"].Should().Be("ordersystem");
            env["RabbitMq__Username"].Should().Be(name, "each service has its own broker user");
            env["RabbitMq__Password"].Should().StartWith("${" + name.ToUpperInvariant() + "_BROKER_PASSWORD:?");
            env["Identity__Authority"].Should().Be("http://identity:8080/", "services fetch Identity's keys on the compose network");
            env["Identity__PublicUrl"].Should().Be(Environment(Compose["identity"])["Identity__Issuer"], "Swagger signs people in where the tokens say they come from");
            env["OTEL_EXPORTER_OTLP_ENDPOINT"].Should().Be("http://jaeger:4317");
            Map(Compose[name]["build"])["dockerfile"].Should().Be("deploy/docker/service.Dockerfile");
            Map(Map(Compose[name]["build"])["args"])["SERVICE"].Should().Be(folder);
        }

        var identity = Environment(Compose["identity"]);
        identity["ConnectionStrings__Database"].Should().StartWith("Server=sqlserver,1433;Database=OrderSystem_Identity;");
        identity.Keys.Should().NotContain(k => k.StartsWith("RabbitMq__", StringComparison.Ordinal), "Identity is not on the broker");
        identity["Identity__KeyDirectory"].Should().NotBeNullOrEmpty("keys are made on first start into a volume, never written in the repository");
        List(Compose["identity"]["volumes"]).Cast<string>().Should().Contain(v => v.EndsWith(":" + identity["Identity__KeyDirectory"], StringComparison.Ordinal));
        foreach (var user in new[] { "ada", "bob", "admin" })
            identity[$"Identity__Users__{user}__Password"].Should().StartWith($"${{IDENTITY_{user.ToUpperInvariant()}_PASSWORD:?");
        Map(Map(Compose["identity"]["build"])["args"])["SERVICE"].Should().Be("Identity");

        var notification = Environment(Compose["notification"]);
        notification["Smtp__Host"].Should().Be("mailpit");
        notification["Smtp__Port"].Should().Be("1025");
        PublishedPorts(Compose["mailpit"]).Should().Contain((1025, 1025));
    }

    [Fact]
    public void ComposeIsTheDevelopmentConfiguration()
    {
        // What the README's tour relies on: the password grant for scripts, and the demo payment methods behind Swagger's
        // example of POST /orders. Both are off by default and in Kubernetes (KubernetesManifestTests).
        foreach (var (service, setting) in DevelopmentSwitches)
            Environment(Compose[service])[setting].Should().Be("true", $"compose is the development configuration ({service}: {setting})");
    }

    [Fact]
    public void ServicePortsMatchTheDocumentedUrls()
    {
        var rows = UrlRow().Matches(Section(Read("docs/deployment.md"), "## URLs"));
        rows.Should().NotBeEmpty();
        foreach (Match row in rows)
        {
            var (port, service) = (int.Parse(row.Groups["port"].Value), row.Groups["service"].Value);
            Compose.Should().ContainKey(service);
            PublishedPorts(Compose[service]).Select(p => p.Host).Should().Contain(port, $"docs/deployment.md says {service} is on localhost:{port}");
        }

        foreach (var ((name, _), port) in AllServices.Zip([5001, 5002, 5003, 5004, 5005]))
            PublishedPorts(Compose[name]).Should().Equal([(port, 8080)], $"{name} keeps the local run's port");
    }

    [Fact]
    public void ServicePortsMatchTheReadme()
    {
        var readme = PathOf("README.md");
        File.Exists(readme).Should().BeTrue("the README's URL table is what a newcomer opens");
        var checkedAny = false;
        foreach (var line in File.ReadLines(readme).Where(l => l.StartsWith('|')))
        {
            var match = ReadmeServiceUrl().Match(line);
            if (!match.Success)
                continue;
            var service = match.Groups["service"].Value.ToLowerInvariant();
            PublishedPorts(Compose[service]).Select(p => p.Host).Should().Contain(int.Parse(match.Groups["port"].Value), $"README: {line.Trim()}");
            checkedAny = true;
        }

        checkedAny.Should().BeTrue("the README's URL table should list the services' Swagger pages");
    }

    [Fact]
    public void BrokerDefinitionsReachTheBrokerThroughTheSharedVolume()
    {
        var render = Compose["rabbitmq-definitions"];
        var entrypoint = List(render["entrypoint"]).Cast<string>().ToList();
        var output = entrypoint[^1];
        var renderMount = List(render["volumes"]).Cast<string>().Single(v => v.StartsWith("rabbitmq-definitions:", StringComparison.Ordinal));
        var renderDir = renderMount.Split(':')[1];
        output.Should().StartWith(renderDir + "/");

        var brokerMount = List(Compose["rabbitmq"]["volumes"]).Cast<string>().Single(v => v.StartsWith("rabbitmq-definitions:", StringComparison.Ordinal));
        var brokerPath = brokerMount.Split(':')[1] + output[renderDir.Length..];
        Read("deploy/docker/rabbitmq/rabbitmq.conf").Should().Contain("definitions.local.path = " + brokerPath);
        brokerMount.Should().EndWith(":ro");

        foreach (var source in List(render["volumes"]).Concat(List(Compose["rabbitmq"]["volumes"])).Cast<string>().Where(v => v.StartsWith("./", StringComparison.Ordinal)))
            File.Exists(PathOf(source.Split(':')[0][2..])).Should().BeTrue($"{source} must exist");

        Environment(render).Keys.Should().Contain(["RABBITMQ_ADMIN_USER", "RABBITMQ_ADMIN_PASSWORD", "ORDER_BROKER_PASSWORD",
            "INVENTORY_BROKER_PASSWORD", "PAYMENT_BROKER_PASSWORD", "NOTIFICATION_BROKER_PASSWORD"]);
        Environment(Compose["rabbitmq"]).Should().BeEmpty("the broker container itself needs no password");
    }

    [Fact]
    public void SqlServerIsPinnedHealthCheckedAndPersistent()
    {
        var sql = Compose["sqlserver"];
        ((string)sql["image"]!).Should().MatchRegex(@"^mcr\.microsoft\.com/mssql/server:2022-CU\d+-ubuntu-22\.04$");
        string.Join(' ', List(Map(sql["healthcheck"])["test"]).Cast<string>()).Should().Contain("/opt/mssql-tools18/bin/sqlcmd -C");
        List(sql["volumes"]).Cast<string>().Should().Contain(v => v.EndsWith(":/var/opt/mssql", StringComparison.Ordinal));
        Environment(sql)["ACCEPT_EULA"].Should().Be("Y");
    }

    /// <summary>The names .env.example sets.</summary>
    internal static HashSet<string> EnvExampleNames() => [.. EnvExample().Keys];

    /// <summary>.env.example's settings; the file must exist (`cp .env.example .env` is the first step).</summary>
    internal static Dictionary<string, string> EnvExample()
    {
        var path = PathOf(".env.example");
        File.Exists(path).Should().BeTrue(".env.example is what `cp .env.example .env && docker compose up` starts from");
        return File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('='))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0].Replace("export ", "", StringComparison.Ordinal).Trim(), p => p[1].Trim().Trim('"', '\''));
    }

    // The setting's name ends with the secret word (Identity__AllowPasswordGrant is a switch, not a password).
    [GeneratedRegex("(PASSWORD|PASS|SECRET|APIKEY|API_KEY|TOKEN)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();

    [GeneratedRegex("(PASSWORD|SECRET|API_KEY|TOKEN)")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^\|[^|]+\|\s*<?https?://localhost:(?<port>\d+)[^|]*\|\s*`(?<service>[a-z-]+)`\s*\|", RegexOptions.Multiline)]
    private static partial Regex UrlRow();

    [GeneratedRegex(@"(?<service>Order|Inventory|Payment|Notification)\b[^|]*(API|Swagger)[^|]*\|\s*<?http://localhost:(?<port>\d+)")]
    private static partial Regex ReadmeServiceUrl();
}
