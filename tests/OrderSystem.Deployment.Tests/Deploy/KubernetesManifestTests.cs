using System.Text.Json;
using AwesomeAssertions;
using Xunit;
using static OrderSystem.Deployment.Tests.Deploy.DeploymentRepo;

namespace OrderSystem.Deployment.Tests.Deploy;

/// <summary>deploy/k8s: parses, scales, probes the health endpoints, and agrees with compose and the broker definitions.</summary>
public sealed class KubernetesManifestTests
{
    static readonly string[] Files = Directory.GetFiles(PathOf("deploy/k8s"), "*.yaml").Select(f => Path.GetRelativePath(Root, f)).Order().ToArray();

    static IEnumerable<Dictionary<string, object?>> Documents(params string[] kinds) =>
        Files.Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal))
            .SelectMany(LoadYamlDocuments).Select(Map).Where(d => kinds.Length == 0 || kinds.Contains(d["kind"] as string));

    static object? At(object? node, params string[] path) => path.Aggregate(node, (n, key) => n is Dictionary<string, object?> m ? m.GetValueOrDefault(key) : null);

    [Fact]
    public void EveryManifestParsesAndNamesItsKind()
    {
        Files.Should().NotBeEmpty();
        foreach (var file in Files)
        {
            var documents = LoadYamlDocuments(file);
            documents.Should().NotBeEmpty(file);
            documents.Select(Map).Should().OnlyContain(d => d.ContainsKey("apiVersion") && d.ContainsKey("kind"), file);
        }
    }

    [Fact]
    public void KustomizationListsEveryManifestButTheSecretTemplate()
    {
        var resources = List(LoadYaml("deploy/k8s/kustomization.yaml")["resources"]).Cast<string>().ToList();
        var expected = Files.Select(Path.GetFileName).Where(f => f is not "kustomization.yaml" and not "secret.template.yaml");
        resources.Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void EveryServiceIsADeploymentWithTwoOrMoreReplicasAndHealthProbes()
    {
        var deployments = Documents("Deployment").ToDictionary(d => (string)At(d, "metadata", "name")!);
        deployments.Keys.Should().BeEquivalentTo(AllServices.Select(s => s.Name));
        var compose = ComposeServices();

        foreach (var (name, deployment) in deployments)
        {
            int.Parse((string)At(deployment, "spec", "replicas")!).Should().BeGreaterThanOrEqualTo(2, $"{name} survives the loss of a pod");
            var pod = At(deployment, "spec", "template", "spec");
            var container = Map(List(At(pod, "containers")).Single());

            At(container, "readinessProbe", "httpGet", "path").Should().Be("/health/ready", name);
            At(container, "livenessProbe", "httpGet", "path").Should().Be("/health/live", name);
            List(container["ports"]).Select(Map).Should().Contain(p => (string?)p["containerPort"] == "8080");
            Map(container["resources"]).Keys.Should().Contain(["requests", "limits"]);

            At(pod, "securityContext", "runAsNonRoot").Should().Be("true");
            At(container, "securityContext", "readOnlyRootFilesystem").Should().Be("true");
            At(container, "securityContext", "allowPrivilegeEscalation").Should().Be("false");

            var image = (string)container["image"]!;
            var composeImage = (string)compose[name]["image"]!;
            image.Split(':')[0].Should().Be(composeImage.Split(':')[0], "Kubernetes runs the images compose builds");
            image.Should().NotEndWith(":latest");
        }
    }

    [Fact]
    public void SecretsAreReferencedNotWrittenDown()
    {
        foreach (var secret in Documents("Secret"))
            foreach (var (key, value) in Map(secret["stringData"]).Where(kv => kv.Key != "username"))
                ((string?)value).Should().BeNullOrEmpty($"secret.template.yaml must hold no real value ({At(secret, "metadata", "name")}/{key})");

        var config = Map(Documents("ConfigMap").Single()["data"]);
        config.Keys.Should().NotContain(k => k.Contains("Password", StringComparison.OrdinalIgnoreCase) || k.Contains("ApiKey", StringComparison.Ordinal)
            || k.StartsWith("ConnectionStrings", StringComparison.Ordinal));
        config["Database__Provider"].Should().Be("SqlServer");
        config["RabbitMq__VirtualHost"].Should().Be("ordersystem");

        var secretNames = Documents("Secret").Select(s => (string)At(s, "metadata", "name")!).ToHashSet();
        foreach (var deployment in Documents("Deployment"))
        {
            var container = Map(List(At(deployment, "spec", "template", "spec", "containers")).Single());
            var env = List(container["env"]).Select(Map).ToDictionary(e => (string)e["name"]!);
            var secretSettings = (string)At(deployment, "metadata", "name")! == Identity.Name
                ? new[] { "ConnectionStrings__Database", "Identity__SigningKey", "Identity__EncryptionKey", "Identity__Clients__benchmark__Secret" }
                : ["ConnectionStrings__Database", "RabbitMq__Password"];
            foreach (var name in secretSettings)
                secretNames.Should().Contain((string)At(env[name], "valueFrom", "secretKeyRef", "name")!, $"{name} comes from a Secret the template defines");
        }
    }

    [Fact]
    public void DevelopmentSwitchesAreOff()
    {
        var config = Map(Documents("ConfigMap").Single()["data"]);
        foreach (var (service, setting) in DevelopmentSwitches)
        {
            var deployment = Documents("Deployment").Single(d => (string)At(d, "metadata", "name")! == service);
            var env = List(At(Map(List(At(deployment, "spec", "template", "spec", "containers")).Single()), "env")).Select(Map);
            env.Should().NotContain(e => (string?)e["name"] == setting, $"{setting} is development only (off by default)");
            config.Keys.Should().NotContain(setting);
        }
    }

    [Fact]
    public void RabbitMqIsAThreeNodeClusterWithQuorumQueuesAndTheComposeTopology()
    {
        var cluster = Documents("RabbitmqCluster").Single();
        At(cluster, "spec", "replicas").Should().Be("3");
        At(cluster, "spec", "image").Should().Be(ComposeServices()["rabbitmq"]["image"], "one broker version everywhere");
        At(Documents("Vhost").Single(), "spec", "defaultQueueType").Should().Be("quorum");

        var definitions = JsonDocument.Parse(Read("deploy/docker/rabbitmq/definitions.json")).RootElement;
        var permissions = Documents("Permission").ToDictionary(p => (string)At(p, "spec", "userReference", "name")!, p => Map(At(p, "spec", "permissions")));
        foreach (var expected in definitions.GetProperty("permissions").EnumerateArray().Where(p => !p.GetProperty("user").GetString()!.StartsWith('$')))
        {
            var actual = permissions[expected.GetProperty("user").GetString()!];
            foreach (var kind in new[] { "configure", "write", "read" })
                actual[kind].Should().Be(expected.GetProperty(kind).GetString(), $"{kind} permission of {expected.GetProperty("user")}");
        }

        var policies = Documents("Policy").ToDictionary(p => (string)At(p, "spec", "name")!);
        foreach (var expected in definitions.GetProperty("policies").EnumerateArray())
        {
            var policy = policies[expected.GetProperty("name").GetString()!];
            At(policy, "spec", "pattern").Should().Be(expected.GetProperty("pattern").GetString());
            if (expected.GetProperty("definition").TryGetProperty("delivery-limit", out var limit))
                Convert.ToInt32(At(policy, "spec", "definition", "delivery-limit"), System.Globalization.CultureInfo.InvariantCulture)
                    .Should().Be(limit.GetInt32(), "the same delivery limit on Kubernetes as in compose");
        }

        Documents("Exchange").Select(e => ((string)At(e, "spec", "name")!, (string)At(e, "spec", "type")!)).Should().BeEquivalentTo(
            definitions.GetProperty("exchanges").EnumerateArray().Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("type").GetString()!)));
        Documents("User").Select(u => (string)At(u, "metadata", "name")!).Should().BeEquivalentTo(Services.Select(s => s.Name));
    }
}
