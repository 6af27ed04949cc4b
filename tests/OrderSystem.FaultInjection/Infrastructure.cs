using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OrderSystem.FaultInjection;

/// <summary>RabbitMQ and PostgreSQL as the local scripts run them: preparation, the faults, and the management API.</summary>
public sealed class Infrastructure(Settings settings, string virtualHost) : IDisposable
{
    readonly HttpClient _management = CreateManagementClient(settings);

    /// <summary>The vhost the system under test uses.</summary>
    public string VirtualHost { get; } = virtualHost;

    static HttpClient CreateManagementClient(Settings settings)
    {
        var client = new HttpClient
        {
            BaseAddress = new Uri($"http://{settings["RABBITMQ_HOST"]}:{settings.Number("RABBITMQ_MANAGEMENT_PORT", 15672)}/api/"),
            Timeout = TimeSpan.FromSeconds(15),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings["RABBITMQ_ADMIN_USER"]}:{settings["RABBITMQ_ADMIN_PASSWORD"]}")));
        return client;
    }

    string Vhost => Uri.EscapeDataString(VirtualHost);

    /// <summary>
    /// Starts RabbitMQ and PostgreSQL if needed and prepares a clean vhost (users and least-privilege permissions as
    /// deploy/local/lib.sh sets them) and clean databases <paramref name="databases"/>, reusing the scripts' functions.
    /// </summary>
    public async Task PrepareIsolated(IEnumerable<string> databases)
    {
        if (!await PrepareThroughManagementApi())
            await PrepareWithScripts();
        foreach (var database in databases)
        {
            await Psql($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
            await Psql($"CREATE DATABASE \"{database}\" OWNER \"{settings["POSTGRES_USER"]}\"");
        }
    }

    /// <summary>
    /// The fast way when RabbitMQ already runs with the administrator of the settings: a fresh vhost, the service users
    /// created if missing (an existing user keeps its password: it comes from the same settings), and the permissions
    /// <c>configure_rabbitmq</c> gives. Each <c>rabbitmqctl</c> call boots an Erlang VM, which takes many seconds on a
    /// busy machine; the HTTP API takes milliseconds. False when the API does not answer as that administrator.
    /// </summary>
    async Task<bool> PrepareThroughManagementApi()
    {
        try
        {
            using (var overview = await _management.GetAsync("overview"))
            {
                if (!overview.IsSuccessStatusCode)
                    return false;
            }

            await Shell.Check("bash", ["-c", $""". "{settings.RepoRoot}/deploy/local/lib.sh"; load_env 2>/dev/null; start_postgres >/dev/null; ensure_pg_role "$POSTGRES_USER" "$POSTGRES_PASSWORD" """],
                timeout: TimeSpan.FromMinutes(2));
            (await _management.DeleteAsync($"vhosts/{Vhost}")).Dispose();
            using (var created = await _management.PutAsync($"vhosts/{Vhost}", null))
                created.EnsureSuccessStatusCode();
            await Permit(settings["RABBITMQ_ADMIN_USER"], ".*", ".*", ".*");
            const string exchanges = "order|inventory|payment|notification";
            foreach (var service in ServiceHost.Services)
            {
                using (var existing = await _management.GetAsync($"users/{Uri.EscapeDataString(service)}"))
                {
                    if (existing.StatusCode == System.Net.HttpStatusCode.NotFound)
                    {
                        using var added = await _management.PutAsJsonAsync($"users/{Uri.EscapeDataString(service)}", new { password = settings.BrokerPassword(service), tags = "" });
                        added.EnsureSuccessStatusCode();
                    }
                }

                await Permit(service, $"^({exchanges}|{service}\\..+|.+_bus_.+)$", $"^({service}|{service}\\..+|.+_bus_.+)$", $"^({exchanges}|{service}\\..+|.+_bus_.+)$");
            }

            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    async Task Permit(string user, string configure, string write, string read)
    {
        using var response = await _management.PutAsJsonAsync($"permissions/{Vhost}/{Uri.EscapeDataString(user)}", new { configure, write, read });
        response.EnsureSuccessStatusCode();
    }

    async Task PrepareWithScripts()
    {
        var script = $"""
            set -euo pipefail
            . "{settings.RepoRoot}/deploy/local/lib.sh"
            load_env 2>/dev/null
            ensure_packages
            start_rabbitmq >/dev/null
            start_postgres >/dev/null
            as_root rabbitmqctl -q delete_vhost "$RABBITMQ_VHOST" >/dev/null 2>&1 || true
            configure_rabbitmq
            ensure_pg_role "$POSTGRES_USER" "$POSTGRES_PASSWORD"
            """;
        await Shell.Check("bash", ["-c", script], environment: new Dictionary<string, string>
        {
            ["RABBITMQ_VHOST"] = VirtualHost,
        }, timeout: TimeSpan.FromMinutes(10));
    }

    static Task<string> Psql(string sql) => Shell.Check("su", ["postgres", "-c", $"psql -v ON_ERROR_STOP=1 -qtAc '{sql}'"], asRoot: true);

    /// <summary>Drops the databases and the vhost of an isolated run.</summary>
    public async Task CleanUpIsolated(IEnumerable<string> databases)
    {
        foreach (var database in databases)
            await Shell.Run("su", ["postgres", "-c", $"psql -qtAc 'DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)'"], asRoot: true);
        try
        {
            (await _management.DeleteAsync($"vhosts/{Vhost}")).Dispose();
        }
        catch (HttpRequestException)
        {
            await Shell.Run("rabbitmqctl", ["-q", "delete_vhost", VirtualHost], asRoot: true);
        }
    }

    /// <summary><c>rabbitmqctl stop_app</c>: the whole broker node stops serving (every vhost).</summary>
    public Task StopBroker() => Shell.Check("rabbitmqctl", ["-q", "stop_app"], asRoot: true);

    /// <summary><c>rabbitmqctl start_app</c> and wait until it serves again.</summary>
    public async Task StartBroker()
    {
        await Shell.Check("rabbitmqctl", ["-q", "start_app"], asRoot: true);
        await Shell.Check("rabbitmqctl", ["-q", "await_startup", "--timeout", "90"], asRoot: true);
    }

    /// <summary>Closes every client connection of the system's vhost (only that vhost, to spare others on a shared broker).</summary>
    public Task DropConnections() =>
        Shell.Check("rabbitmqctl", ["-q", "close_all_connections", "--vhost", VirtualHost, "fault injection: forced connection drop"], asRoot: true);

    static async Task<string> PostgresCluster()
    {
        var output = await Shell.Check("pg_lsclusters", ["--no-header"]);
        var fields = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return $"{fields[0]} {fields[1]}";
    }

    /// <summary><c>pg_ctlcluster &lt;version&gt; main stop</c> (fast shutdown: open connections are cut).</summary>
    public async Task StopPostgres()
    {
        var cluster = (await PostgresCluster()).Split(' ');
        await Shell.Check("pg_ctlcluster", [cluster[0], cluster[1], "stop", "-m", "fast"], asRoot: true);
    }

    /// <summary><c>pg_ctlcluster &lt;version&gt; main start</c>.</summary>
    public async Task StartPostgres()
    {
        var cluster = (await PostgresCluster()).Split(' ');
        await Shell.Check("pg_ctlcluster", [cluster[0], cluster[1], "start"], asRoot: true);
    }

    /// <summary>Message counts of the vhost's queues whose names end in <c>.dlq</c>; null when the management API cannot tell.</summary>
    public async Task<Dictionary<string, long>?> DeadLetterDepths()
    {
        try
        {
            var queues = await _management.GetFromJsonAsync<JsonElement>($"queues/{Vhost}?columns=name,messages");
            return queues.EnumerateArray()
                .Where(q => q.GetProperty("name").GetString()!.EndsWith(".dlq", StringComparison.Ordinal))
                .ToDictionary(q => q.GetProperty("name").GetString()!,
                    q => q.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt64() : 0);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Messages (ready + unacknowledged) of every queue of the vhost; null when the management API cannot tell.</summary>
    public async Task<Dictionary<string, long>?> QueueDepths()
    {
        try
        {
            var queues = await _management.GetFromJsonAsync<JsonElement>($"queues/{Vhost}?columns=name,messages");
            return queues.EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!,
                q => q.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt64() : 0);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Peeks at up to <paramref name="count"/> messages of a queue without removing them.</summary>
    public async Task<List<PeekedMessage>> Peek(string queue, int count)
    {
        using var response = await _management.PostAsJsonAsync($"queues/{Vhost}/{Uri.EscapeDataString(queue)}/get",
            new { count, ackmode = "ack_requeue_true", encoding = "auto", truncate = 2000 });
        response.EnsureSuccessStatusCode();
        var messages = await response.Content.ReadFromJsonAsync<JsonElement>();
        var result = new List<PeekedMessage>();
        foreach (var message in messages.EnumerateArray())
        {
            var properties = message.GetProperty("properties");
            var headers = properties.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object
                ? h.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString())
                : [];
            var messageId = properties.TryGetProperty("message_id", out var id) ? id.GetString() : null;
            result.Add(new PeekedMessage(queue, messageId, headers, message.GetProperty("payload").GetString() ?? ""));
        }

        return result;
    }

    /// <summary>Queues bound (directly or through an exchange-to-exchange binding) to <paramref name="exchange"/> for <paramref name="routingKey"/>.</summary>
    public async Task<HashSet<string>> QueuesFor(string exchange, string routingKey)
    {
        var bindings = await _management.GetFromJsonAsync<JsonElement>($"bindings/{Vhost}");
        var all = bindings.EnumerateArray().Select(b => (
            Source: b.GetProperty("source").GetString()!,
            Destination: b.GetProperty("destination").GetString()!,
            Type: b.GetProperty("destination_type").GetString()!,
            Key: b.GetProperty("routing_key").GetString()!)).ToList();
        var exchangeTypes = (await _management.GetFromJsonAsync<JsonElement>($"exchanges/{Vhost}?columns=name,type"))
            .EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("type").GetString()!);

        var queues = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Walk(string source)
        {
            if (!seen.Add(source))
                return;
            var type = exchangeTypes.GetValueOrDefault(source, "topic");
            foreach (var binding in all.Where(b => b.Source == source))
            {
                var matches = type switch
                {
                    "fanout" => true,
                    "direct" => binding.Key == routingKey,
                    _ => TopicMatches(binding.Key, routingKey),
                };
                if (!matches)
                    continue;
                if (binding.Type == "queue")
                    queues.Add(binding.Destination);
                else
                    Walk(binding.Destination);
            }
        }

        Walk(exchange);
        return queues;
    }

    /// <summary>AMQP topic matching: '*' is one word, '#' zero or more.</summary>
    public static bool TopicMatches(string pattern, string key)
    {
        static bool Match(string[] p, int i, string[] k, int j)
        {
            if (i == p.Length)
                return j == k.Length;
            if (p[i] == "#")
                return Enumerable.Range(j, k.Length - j + 1).Any(next => Match(p, i + 1, k, next));
            return j < k.Length && (p[i] == "*" || p[i] == k[j]) && Match(p, i + 1, k, j + 1);
        }

        return Match(pattern.Split('.'), 0, key.Split('.'), 0);
    }

    /// <inheritdoc />
    public void Dispose() => _management.Dispose();
}
