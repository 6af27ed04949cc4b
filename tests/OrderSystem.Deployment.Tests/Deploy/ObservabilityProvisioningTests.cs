using System.Text.Json;
using System.Text.RegularExpressions;
using AwesomeAssertions;
using Xunit;
using static OrderSystem.Deployment.Tests.Deploy.DeploymentRepo;

namespace OrderSystem.Deployment.Tests.Deploy;

/// <summary>Prometheus scrape configuration and the provisioned Grafana datasource and dashboard.</summary>
public sealed partial class ObservabilityProvisioningTests
{
    const string DashboardPath = "deploy/docker/grafana/dashboards/ordersystem.json";

    static IEnumerable<JsonElement> Panels() =>
        JsonDocument.Parse(Read(DashboardPath)).RootElement.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row");

    [Fact]
    public void PrometheusScrapesEveryServiceAndRabbitMq()
    {
        var config = LoadYaml("deploy/docker/prometheus/prometheus.yml");
        var jobs = List(config["scrape_configs"]).Select(Map).ToDictionary(j => (string)j["job_name"]!);
        var compose = ComposeServices();

        var serviceTargets = List(jobs["ordersystem"]["static_configs"]).Select(Map).SelectMany(s => List(s["targets"]).Cast<string>()).ToList();
        serviceTargets.Should().BeEquivalentTo(AllServices.Select(s => s.Name + ":8080"));
        (jobs["ordersystem"].GetValueOrDefault("metrics_path") ?? "/metrics").Should().Be("/metrics");

        var rabbit = List(jobs["rabbitmq"]["static_configs"]).Select(Map).SelectMany(s => List(s["targets"]).Cast<string>()).ToList();
        rabbit.Should().Equal("rabbitmq:15692");
        jobs["rabbitmq"]["metrics_path"].Should().Be("/metrics/per-object", "per-queue depth needs per-object metrics");

        foreach (var target in serviceTargets.Concat(rabbit))
            compose.Should().ContainKey(target.Split(':')[0]);
        List(compose["prometheus"]["volumes"]).Cast<string>().Should().Contain("./deploy/docker/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    }

    [Fact]
    public void GrafanaProvisioningPointsAtPrometheusAndTheDashboardFolder()
    {
        var datasource = Map(List(LoadYaml("deploy/docker/grafana/provisioning/datasources/prometheus.yml")["datasources"]).Single());
        datasource["type"].Should().Be("prometheus");
        datasource["url"].Should().Be("http://prometheus:9090");

        var provider = Map(List(LoadYaml("deploy/docker/grafana/provisioning/dashboards/ordersystem.yml")["providers"]).Single());
        var folder = (string)Map(provider["options"])["path"]!;
        var mounts = List(ComposeServices()["grafana"]["volumes"]).Cast<string>().ToList();
        mounts.Should().Contain($"./deploy/docker/grafana/dashboards:{folder}:ro");
        mounts.Should().Contain("./deploy/docker/grafana/provisioning:/etc/grafana/provisioning:ro");

        foreach (var panel in Panels())
        {
            panel.GetProperty("datasource").GetProperty("uid").GetString().Should().Be((string)datasource["uid"]!);
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
                target.GetProperty("datasource").GetProperty("uid").GetString().Should().Be((string)datasource["uid"]!);
        }
    }

    [Fact]
    public void EveryDashboardQueryUsesOnlyDocumentedMetrics()
    {
        var documented = DocumentedMetrics();
        documented.Should().Contain(["ordersystem_orders_placed_total", "ordersystem_saga_duration_seconds", "rabbitmq_queue_messages_ready"]);

        var expressions = Panels().SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        expressions.Should().NotBeEmpty();
        foreach (var expr in expressions)
        {
            var metrics = MetricName().Matches(expr).Select(m => HistogramSuffix().Replace(m.Value, "")).ToList();
            metrics.Should().NotBeEmpty($"'{expr}' must query an OrderSystem or RabbitMQ metric");
            metrics.Should().OnlyContain(m => documented.Contains(m), $"'{expr}' may use only metrics of the contract in docs/deployment.md");
        }

        // Every documented metric is on the dashboard, so the contract and the dashboard cannot drift apart silently.
        var used = expressions.SelectMany(e => MetricName().Matches(e)).Select(m => HistogramSuffix().Replace(m.Value, "")).ToHashSet();
        documented.Should().OnlyContain(m => used.Contains(m), "each metric of the contract should be shown");
    }

    [GeneratedRegex(@"\b(?:ordersystem|rabbitmq)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();
}
