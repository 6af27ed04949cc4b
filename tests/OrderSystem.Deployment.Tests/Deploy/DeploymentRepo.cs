using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace OrderSystem.Deployment.Tests.Deploy;

/// <summary>Paths and parsed files of the deployment assets, read from the repository root (the folder of OrderSystem.sln).</summary>
public static partial class DeploymentRepo
{
    /// <summary>The repository root.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The variables agreed for .env.example (docs/configuration.md, issue 5).</summary>
    public static readonly IReadOnlyList<string> AgreedEnvironmentVariables =
    [
        "ORDER_PORT", "INVENTORY_PORT", "PAYMENT_PORT", "NOTIFICATION_PORT", "RABBITMQ_HOST", "RABBITMQ_PORT",
        "RABBITMQ_MANAGEMENT_PORT", "RABBITMQ_VHOST", "RABBITMQ_ADMIN_USER", "RABBITMQ_ADMIN_PASSWORD", "ORDER_BROKER_PASSWORD",
        "INVENTORY_BROKER_PASSWORD", "PAYMENT_BROKER_PASSWORD", "NOTIFICATION_BROKER_PASSWORD", "POSTGRES_HOST", "POSTGRES_PORT",
        "POSTGRES_USER", "POSTGRES_PASSWORD", "MSSQL_SA_PASSWORD", "CARD_FINGERPRINT_KEY", "OTEL_EXPORTER_OTLP_ENDPOINT", "SMTP_HOST", "SMTP_PORT",
    ];

    /// <summary>Variables compose needs beyond the agreed list; docs/deployment.md lists them too.</summary>
    public static readonly IReadOnlyList<string> ComposeOnlyVariables = ["GRAFANA_ADMIN_PASSWORD"];

    /// <summary>The four services on the broker: compose service name and folder name.</summary>
    public static readonly IReadOnlyList<(string Name, string Folder)> Services =
        [("order", "Order"), ("inventory", "Inventory"), ("payment", "Payment"), ("notification", "Notification")];

    /// <summary>The Identity service: the same image recipe and probes, a database but no broker.</summary>
    public static readonly (string Name, string Folder) Identity = ("identity", "Identity");

    /// <summary>Every service built from services/: the four on the broker and Identity.</summary>
    public static readonly IReadOnlyList<(string Name, string Folder)> AllServices = [.. Services, Identity];

    /// <summary>
    /// The development-only switches (service, setting): on in compose and the local run, which the README's tour uses; off
    /// by default and in Kubernetes.
    /// </summary>
    public static readonly IReadOnlyList<(string Service, string Setting)> DevelopmentSwitches =
        [("identity", "Identity__AllowPasswordGrant"), ("payment", "PaymentMethods__SeedDemoMethods")];

    /// <summary>Absolute path of a repository-relative path.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Text of a repository file.</summary>
    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>All YAML documents of a file, as dictionaries, lists and strings.</summary>
    public static IReadOnlyList<object?> LoadYamlDocuments(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(Read(relative));
        stream.Load(reader);
        return stream.Documents.Select(d => ToPlain(d.RootNode)).Where(d => d is not null).ToList();
    }

    /// <summary>The single YAML document of a file.</summary>
    public static Dictionary<string, object?> LoadYaml(string relative) =>
        LoadYamlDocuments(relative).Single() as Dictionary<string, object?>
        ?? throw new InvalidOperationException(relative + " is not a YAML mapping");

    /// <summary>docker-compose.yml's services.</summary>
    public static Dictionary<string, Dictionary<string, object?>> ComposeServices() =>
        Map(LoadYaml("docker-compose.yml")["services"]).ToDictionary(kv => kv.Key, kv => Map(kv.Value));

    /// <summary>A YAML mapping node as a dictionary (fails loudly otherwise).</summary>
    public static Dictionary<string, object?> Map(object? node) =>
        node as Dictionary<string, object?> ?? throw new InvalidOperationException($"expected a mapping, got {node?.GetType().Name ?? "null"}");

    /// <summary>A YAML sequence node as a list (empty when absent).</summary>
    public static List<object?> List(object? node) => node as List<object?> ?? [];

    /// <summary>Environment of a compose service as key/value pairs (mapping or list form).</summary>
    public static Dictionary<string, string> Environment(Dictionary<string, object?> service)
    {
        if (!service.TryGetValue("environment", out var env) || env is null)
            return [];
        if (env is Dictionary<string, object?> map)
            return map.ToDictionary(kv => kv.Key, kv => kv.Value as string ?? "");
        return List(env).Select(e => ((string)e!).Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
    }

    /// <summary>Resolves compose interpolation the way compose does when the variable is unset: defaults are used, required ones become &lt;NAME&gt;.</summary>
    public static string InterpolateDefaults(string value) =>
        Interpolation().Replace(value, m => m.Groups["op"].Value == ":-" ? m.Groups["arg"].Value : "<" + m.Groups["name"].Value + ">");

    /// <summary>Every ${NAME...} reference with its operator (":?", ":-" or "").</summary>
    public static IEnumerable<(string Name, string Operator)> VariableReferences(string text) =>
        Interpolation().Matches(text).Select(m => (m.Groups["name"].Value, m.Groups["op"].Value));

    /// <summary>Host port → container port of each published port of a compose service, defaults applied.</summary>
    public static List<(int Host, int Container)> PublishedPorts(Dictionary<string, object?> service) =>
        List(service.GetValueOrDefault("ports")).Select(p =>
        {
            var parts = InterpolateDefaults((string)p!).Split('/')[0].Split(':');
            return (int.Parse(parts[^2]), int.Parse(parts[^1]));
        }).ToList();

    /// <summary>Metric names listed in the "Metrics contract" table of docs/deployment.md.</summary>
    public static IReadOnlySet<string> DocumentedMetrics()
    {
        var section = Section(Read("docs/deployment.md"), "## Metrics contract");
        return MetricRow().Matches(section).Select(m => m.Groups[1].Value).ToHashSet();
    }

    /// <summary>The text of a markdown section, from its heading to the next heading of the same level.</summary>
    public static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading + "\n", StringComparison.Ordinal);
        if (start < 0)
            throw new InvalidOperationException($"section '{heading}' not found");
        var next = markdown.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return next < 0 ? markdown[start..] : markdown[start..next];
    }

    /// <summary>Runs a program and captures its output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrderSystem.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("OrderSystem.sln not found above " + AppContext.BaseDirectory);
    }

    static object? ToPlain(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ToPlain(kv.Value)),
        YamlSequenceNode seq => seq.Children.Select(ToPlain).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => null,
    };

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:\?|:-|\?|-)(?<arg>[^}]*))?\}")]
    private static partial Regex Interpolation();

    [GeneratedRegex(@"^\|\s*`((?:ordersystem|rabbitmq)_[a-z0-9_]+)", RegexOptions.Multiline)]
    private static partial Regex MetricRow();
}
