using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AwesomeAssertions;
using Xunit;
using static OrderSystem.Deployment.Tests.Deploy.DeploymentRepo;

namespace OrderSystem.Deployment.Tests.Deploy;

/// <summary>The broker definitions template, its renderer, and the permissions it grants.</summary>
public sealed partial class RabbitMqDefinitionsTests
{
    const string TemplatePath = "deploy/docker/rabbitmq/definitions.json";
    const string RendererPath = "deploy/docker/rabbitmq/render-definitions.sh";
    static readonly JsonElement Template = JsonDocument.Parse(Read(TemplatePath)).RootElement.Clone();
    static readonly string ConfigurationDoc = Read("docs/configuration.md");

    static List<JsonElement> Items(string property) => [.. Template.GetProperty(property).EnumerateArray()];

    [Fact]
    public void TemplateHasNoGuestAndExactlyTheDocumentedUsers()
    {
        var names = Items("users").Select(u => u.GetProperty("name").GetString()!).ToList();
        names.Should().NotContain(n => n.Equals("guest", StringComparison.OrdinalIgnoreCase));
        var documented = Backticked(ConfigurationDoc.Split('\n').Single(l => l.Contains("Broker users:", StringComparison.Ordinal)));
        names.Should().BeEquivalentTo(documented.Append("${RABBITMQ_ADMIN_USER}"), "one user per service plus the admin");

        foreach (var user in Items("users"))
        {
            user.TryGetProperty("password", out _).Should().BeFalse("plain passwords never go into definitions");
            user.GetProperty("password_hash").GetString().Should().MatchRegex(@"^\$\{[A-Z_]+_PASSWORD_HASH\}$");
            user.GetProperty("hashing_algorithm").GetString().Should().Be("rabbit_password_hashing_sha256");
            var tags = user.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList();
            if (user.GetProperty("name").GetString() == "${RABBITMQ_ADMIN_USER}")
                tags.Should().Equal("administrator");
            else
                tags.Should().BeEmpty("service users need no management access");
        }
    }

    [Fact]
    public void ExchangesAndVirtualHostMatchTheConfigurationDocument()
    {
        Items("vhosts").Select(v => v.GetProperty("name").GetString()).Should().Equal("ordersystem");
        var topic = Backticked(ConfigurationDoc.Split('\n').Single(l => l.Contains("topic exchange per bounded context", StringComparison.Ordinal)));
        // Dead-letter exchanges (<queue>.dlq) are declared by the services with their queues, not here.
        var expected = topic.Select(n => (n, "topic"));

        Items("exchanges").Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("type").GetString()!)).Should().BeEquivalentTo(expected);
        foreach (var exchange in Items("exchanges"))
        {
            exchange.GetProperty("vhost").GetString().Should().Be("ordersystem");
            // MassTransit re-declares these with durable=true, auto-delete=false, no arguments; any difference is a channel error.
            exchange.GetProperty("durable").GetBoolean().Should().BeTrue();
            exchange.GetProperty("auto_delete").GetBoolean().Should().BeFalse();
            exchange.GetProperty("internal").GetBoolean().Should().BeFalse();
            exchange.GetProperty("arguments").EnumerateObject().Should().BeEmpty();
        }
    }

    [Fact]
    public void PoliciesApplyToTheIntendedQueuesOnly()
    {
        var policies = Items("policies").ToDictionary(p => p.GetProperty("name").GetString()!, p => new Regex(p.GetProperty("pattern").GetString()!));
        policies["work-queues"].IsMatch("inventory.order-events").Should().BeTrue();
        policies["work-queues"].IsMatch("inventory.order-events.dlq").Should().BeFalse();
        policies["dead-letter-queues"].IsMatch("inventory.order-events.dlq").Should().BeTrue();
        policies["dead-letter-queues"].IsMatch("inventory.order-events").Should().BeFalse();
        foreach (var policy in Items("policies"))
        {
            policy.GetProperty("vhost").GetString().Should().Be("ordersystem");
            policy.GetProperty("apply-to").GetString().Should().Be("queues");
        }
    }

    [Fact]
    public void DeadLetterQueuesHaveNoDeliveryLimitSoBrowsingThemNeverDropsALetter()
    {
        // Quorum queues drop a message after 20 deliveries by default (RabbitMQ 4.0+), and up to 4.2 every nack with
        // requeue counts one: the dead-letter browser (get + nack) would delete letters after about 20 listings.
        var policies = Items("policies").ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("definition"));
        policies["dead-letter-queues"].GetProperty("delivery-limit").GetInt32().Should().Be(-1);
        policies["work-queues"].GetProperty("delivery-limit").GetInt32().Should().BePositive("work queues keep poison-message protection");
    }

    [Theory]
    [InlineData("order", "inventory")]
    [InlineData("inventory", "payment")]
    [InlineData("payment", "notification")]
    [InlineData("notification", "order")]
    [InlineData("notification", "payment")]
    public void ServiceUsersMayUseTheirOwnEntitiesButNotPublishForOthers(string service, string other)
    {
        var (configure, write, read) = Permissions(service);

        string[] own = [$"{service}.order-events", $"{service}.order-events.dlq", $"{service}.bus.abc123_OrderSystem{service}_bus_9x8y7z"];
        own.Should().OnlyContain(n => configure.IsMatch(n) && write.IsMatch(n) && read.IsMatch(n), "its queues, DLQs and bus endpoint");
        // Fault<T> events are switched off (the DLQ keeps failures), so no per-type fault exchange is ever needed.
        configure.IsMatch("MassTransit:Fault--OrderSystem.Contracts:OrderPlaced--").Should().BeFalse();
        write.IsMatch(service).Should().BeTrue("it publishes its own events");
        configure.IsMatch(service).Should().BeTrue("MassTransit declares the exchange it publishes to");
        // Every service consumes Order's events; only Order consumes Inventory's and Payment's.
        (configure.IsMatch("order") && read.IsMatch("order")).Should().BeTrue("MassTransit declares and binds to every context exchange it consumes from");

        write.IsMatch(other).Should().BeFalse($"{service} must not publish {other}'s events");
        write.IsMatch("dead-letters").Should().BeFalse();
        new[] { $"{other}.order-events", $"{other}.order-events.dlq", $"{other}.bus.abc123_OrderSystem{other}_bus_9x8y7z", "x_bus_y" }
            .Should().OnlyContain(n => !configure.IsMatch(n) && !write.IsMatch(n) && !read.IsMatch(n), $"{service} must not touch {other}'s queues or bus endpoint");
        configure.IsMatch("amq.direct").Should().BeFalse();
        if (other != "order" && service != "order")
            read.IsMatch(other).Should().BeFalse($"{service} consumes nothing of {other}'s, so it must not bind to (read) its events");
    }

    [Fact]
    public void OnlyOrderReadsInventoryAndPaymentEventsAndNobodyReadsNotifications()
    {
        Services.Where(s => Permissions(s.Name).Read.IsMatch("payment")).Select(s => s.Name).Should().Equal("order");
        Services.Where(s => Permissions(s.Name).Read.IsMatch("inventory")).Select(s => s.Name).Should().Equal("order");
        Services.Where(s => Permissions(s.Name).Read.IsMatch("notification")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("order")]
    [InlineData("inventory")]
    [InlineData("payment")]
    [InlineData("notification")]
    public async Task PermissionsAreExactlyWhatTheLocalScriptsGrant(string service)
    {
        // deploy/local/lib.sh's broker_permissions is the single definition; the broker tests apply it to a real broker.
        var start = new ProcessStartInfo("bash") { WorkingDirectory = Root };
        foreach (var argument in new[] { "-c", "source deploy/local/lib.sh && broker_permissions \"$1\"", "broker_permissions", service })
            start.ArgumentList.Add(argument);
        var (exitCode, stdout, stderr) = await RunAsync(start, TimeSpan.FromSeconds(30));

        exitCode.Should().Be(0, stderr);
        var permission = Items("permissions").Single(p => p.GetProperty("user").GetString() == service);
        permission.GetProperty("vhost").GetString().Should().Be("ordersystem");
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            permission.GetProperty("configure").GetString(), permission.GetProperty("write").GetString(), permission.GetProperty("read").GetString());
    }

    static (Regex Configure, Regex Write, Regex Read) Permissions(string service)
    {
        var permission = Items("permissions").Single(p => p.GetProperty("user").GetString() == service);
        return (new Regex(permission.GetProperty("configure").GetString()!), new Regex(permission.GetProperty("write").GetString()!),
            new Regex(permission.GetProperty("read").GetString()!));
    }

    [Fact]
    public void BrokerConfigurationImportsDefinitionsAndEnablesPrometheus()
    {
        var conf = Read("deploy/docker/rabbitmq/rabbitmq.conf");
        conf.Should().Contain("definitions.import_backend = local_filesystem");
        conf.Should().MatchRegex(@"(?m)^definitions\.local\.path = /etc/rabbitmq/definitions/definitions\.json$");
        conf.Should().MatchRegex(@"(?m)^loopback_users\.guest = true$");
        Read("deploy/docker/rabbitmq/enabled_plugins").Trim().Should().Be("[rabbitmq_management,rabbitmq_prometheus].");
    }

    [Fact]
    public async Task RendererWritesValidJsonWithWorkingPasswordHashes()
    {
        var passwords = new Dictionary<string, string>
        {
            ["RABBITMQ_ADMIN_PASSWORD"] = "adm&in\"pa\\ss$x",
            ["ORDER_BROKER_PASSWORD"] = "order-${INVENTORY_BROKER_PASSWORD}",
            ["INVENTORY_BROKER_PASSWORD"] = "inv entory;pw",
            ["PAYMENT_BROKER_PASSWORD"] = "pässwörd-ü",
            ["NOTIFICATION_BROKER_PASSWORD"] = "n'o`t\\\\",
        };
        var env = new Dictionary<string, string>(passwords) { ["RABBITMQ_ADMIN_USER"] = "ad\"m\\in" };

        var (exitCode, output, stderr) = await RenderAsync(env);

        exitCode.Should().Be(0, stderr);
        var rendered = JsonDocument.Parse(output!).RootElement;
        output.Should().NotContain("${", "every placeholder is resolved, and a value that looks like one is not expanded again");
        var users = rendered.GetProperty("users").EnumerateArray().ToDictionary(u => u.GetProperty("name").GetString()!, u => u.GetProperty("password_hash").GetString()!);
        users.Keys.Should().BeEquivalentTo(["ad\"m\\in", "order", "inventory", "payment", "notification"]);
        rendered.GetProperty("permissions").EnumerateArray().Select(p => p.GetProperty("user").GetString()).Should().Contain("ad\"m\\in");

        Verify(users["ad\"m\\in"], passwords["RABBITMQ_ADMIN_PASSWORD"]).Should().BeTrue();
        foreach (var (service, _) in Services)
            Verify(users[service], passwords[service.ToUpperInvariant() + "_BROKER_PASSWORD"]).Should().BeTrue($"{service}'s hash must match its password");
        Verify(users["order"], "wrong").Should().BeFalse();
    }

    [Fact]
    public async Task RendererFailsAndWritesNothingWhenAPasswordIsMissing()
    {
        var env = new Dictionary<string, string>
        {
            ["RABBITMQ_ADMIN_USER"] = "admin", ["RABBITMQ_ADMIN_PASSWORD"] = "a", ["ORDER_BROKER_PASSWORD"] = "b",
            ["INVENTORY_BROKER_PASSWORD"] = "c", ["NOTIFICATION_BROKER_PASSWORD"] = "d",
        };

        var (exitCode, output, stderr) = await RenderAsync(env);

        exitCode.Should().NotBe(0);
        stderr.Should().Contain("PAYMENT_BROKER_PASSWORD");
        output.Should().BeNull("a half-rendered file must not reach the broker");
    }

    /// <summary>RabbitMQ's rabbit_password_hashing_sha256: base64(salt[4] ++ sha256(salt ++ utf8(password))).</summary>
    static bool Verify(string hash, string password)
    {
        var bytes = Convert.FromBase64String(hash);
        if (bytes.Length != 4 + 32)
            return false;
        var digest = SHA256.HashData([.. bytes[..4], .. Encoding.UTF8.GetBytes(password)]);
        return digest.AsSpan().SequenceEqual(bytes.AsSpan(4));
    }

    static async Task<(int ExitCode, string? Output, string Stderr)> RenderAsync(Dictionary<string, string> variables)
    {
        var directory = Directory.CreateTempSubdirectory("ordersystem-definitions-");
        try
        {
            var output = Path.Combine(directory.FullName, "out", "definitions.json");
            var start = new ProcessStartInfo("bash");
            foreach (var argument in new[] { PathOf(RendererPath), PathOf(TemplatePath), output })
                start.ArgumentList.Add(argument);
            foreach (var name in new[] { "RABBITMQ_ADMIN_USER", "RABBITMQ_ADMIN_PASSWORD", "ORDER_BROKER_PASSWORD", "INVENTORY_BROKER_PASSWORD",
                         "PAYMENT_BROKER_PASSWORD", "NOTIFICATION_BROKER_PASSWORD", "DEFINITIONS_OWNER" })
                start.Environment.Remove(name);
            foreach (var (name, value) in variables)
                start.Environment[name] = value;
            start.Environment["LC_ALL"] = "C.UTF-8";

            var (exitCode, _, stderr) = await RunAsync(start, TimeSpan.FromSeconds(30));
            return (exitCode, File.Exists(output) ? await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken) : null, stderr);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    static IEnumerable<string> Backticked(string line) => BacktickedName().Matches(line).Select(m => m.Groups[1].Value);

    [GeneratedRegex("`([a-z-]+)`")]
    private static partial Regex BacktickedName();
}
