using System.Data.Common;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.Data.SqlClient;
using Npgsql;
using OrderSystem.Tests.BuildingBlocks;
using OrderSystem.Payment.Domain;
using OrderSystem.Tests.Hosts;
using OrderSystem.Tests.Support;
using OrderSystem.Tests.Telemetry;

namespace OrderSystem.Tests.Security;

/// <summary>
/// Card numbers never leave Payment (issue 12): after a run of orders with every test card through all four services,
/// no full card number is in any text column of the four databases, in any message that crossed the broker (every event,
/// kept by probe queues, and every queue and DLQ), in any log entry of the four hosts, or in any span.
/// </summary>
public sealed class CardNumberLeakTests : IAsyncLifetime
{
    static readonly string[] Cards = ["4242424242424242", "4000000000000002", "4000000000009995", "4000000000000259"];
    readonly LogCapture _logs = new();
    readonly SpanCapture _spans = new();
    SystemUnderTest _system = null!;
    RawBroker _probe = null!;

    public async ValueTask InitializeAsync()
    {
        _system = await SystemUnderTest.Start(new()
        {
            ["Order:Saga:PaymentTimeout"] = "00:00:03",
            ["Payment:DelayedApprovalDelay"] = "00:00:05",
            ["Payment:CapturePollInterval"] = "00:00:00.200",
            ["RateLimiting:Orders:PermitsPerSecond"] = "1000",
            ["RateLimiting:Orders:Burst"] = "1000",
        }, _logs);
        _probe = await RawBroker.Connect(_system.VirtualHost);
    }

    public async ValueTask DisposeAsync()
    {
        await _probe.DisposeAsync();
        await _system.DisposeAsync();
        _spans.Dispose();
    }

    [Fact]
    public async Task After_a_run_of_orders_no_database_message_log_or_span_holds_a_full_card_number()
    {
        // Probe queues keep a copy of every event published on the four exchanges during the run.
        foreach (var exchange in new[] { "order", "inventory", "payment", "notification" })
            await _probe.BindProbe(exchange, "#");

        var orders = new List<Guid>();
        foreach (var card in Cards)
            orders.Add(await _system.PlaceOrder("KB-001", 1, card));
        orders.Add(await _system.PlaceOrder("LE-006", 50, Cards[0])); // out of stock: the saga never asks Payment
        var cancelled = await _system.PlaceOrder("KB-001", 1, Cards[3]);
        (await _system.Order.PostAsync($"/orders/{cancelled}/cancel", null)).EnsureSuccessStatusCode();
        orders.Add(cancelled);
        foreach (var order in orders)
            await _system.WaitUntilFinal(order);
        // The late approval (4000000000000259) is captured after the timeout and refunded: wait for the whole story.
        await Wait.Until(async () => (await _system.Payments(orders[3])).Any(p => p.Status == nameof(PaymentStatus.Refunded)),
            "the late approval was refunded");

        var database = await ScanDatabases();
        var broker = await ReadEveryQueuedMessage();
        var logs = _logs.Entries.ToList();
        var spans = _spans.Where(_ => true).Select(Describe).ToList();

        database.Columns.Should().BeGreaterThan(40, "every text column of the four databases was read");
        database.Tables.Should().Contain(["OrderSagas", "Orders", "Payments", "PaymentMethods", "InboxMessages", "Notifications"]);
        broker.Count.Should().BeGreaterThanOrEqualTo(6 * 4, "the probes kept every event of the run");
        broker.Should().Contain(m => m.Contains("PaymentRequestedV2", StringComparison.Ordinal), "the payment requests crossed the broker");
        logs.Should().Contain(l => l.Contains("ending 4242", StringComparison.Ordinal), "Payment's log of the capture was captured");
        spans.Should().Contain(s => s.Contains("payment-methods", StringComparison.Ordinal), "the registrations were traced");
        foreach (var card in Cards)
        {
            database.Hits.Should().NotContain(h => h.Card == card, $"no database column may hold {card}");
            broker.Should().NotContain(m => m.Contains(card, StringComparison.Ordinal), $"no message may carry {card}");
            logs.Should().NotContain(l => l.Contains(card, StringComparison.Ordinal), $"no log entry may show {card}");
            spans.Should().NotContain(s => s.Contains(card, StringComparison.Ordinal), $"no span may carry {card}");
        }
    }

    /// <summary>Every text, JSON and binary column of every table of the four databases, searched for every card.</summary>
    async Task<(int Columns, HashSet<string> Tables, List<(string Column, string Card)> Hits)> ScanDatabases()
    {
        var (columns, tables, hits) = (0, new HashSet<string>(), new List<(string, string)>());
        foreach (var connectionString in _system.Databases)
        {
            await using DbConnection connection = RealInfrastructure.IsPostgres ? new NpgsqlConnection(connectionString) : new SqlConnection(connectionString);
            await connection.OpenAsync();
            var textColumns = new List<(string Schema, string Table, string Column, string Type)>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = """
                    SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns
                    WHERE table_schema NOT IN ('pg_catalog', 'information_schema', 'sys')
                      AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea',
                                        'nvarchar', 'varchar', 'nchar', 'char', 'ntext', 'varbinary')
                    """;
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                    textColumns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }

            foreach (var (schema, table, column, type) in textColumns)
            {
                columns++;
                tables.Add(table);
                foreach (var card in Cards)
                {
                    await using var search = connection.CreateCommand();
                    search.CommandText = RealInfrastructure.IsPostgres
                        ? $"SELECT COUNT(*) FROM \"{schema}\".\"{table}\" WHERE strpos({(type == "bytea" ? $"encode(\"{column}\", 'escape')" : $"\"{column}\"::text")}, @card) > 0"
                        : $"SELECT COUNT(*) FROM [{schema}].[{table}] WHERE CHARINDEX(@card, {(type == "varbinary" ? $"CONVERT(varchar(max), [{column}])" : $"CAST([{column}] AS nvarchar(max))")}) > 0";
                    var parameter = search.CreateParameter();
                    parameter.ParameterName = "@card";
                    parameter.Value = card;
                    search.Parameters.Add(parameter);
                    if (Convert.ToInt64(await search.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0)
                        hits.Add(($"{table}.{column}", card));
                }
            }
        }

        return (columns, tables, hits);
    }

    /// <summary>Body and properties (headers included) of every message in every queue of the vhost, DLQs included, left in place.</summary>
    async Task<List<string>> ReadEveryQueuedMessage()
    {
        using var http = RealInfrastructure.Management();
        var vhost = Uri.EscapeDataString(_system.VirtualHost);
        var messages = new List<string>();
        // Queue statistics lag a few seconds behind; the probes' depth settles once every event is in.
        using var queues = JsonDocument.Parse(await http.GetStringAsync($"api/queues/{vhost}"));
        foreach (var queue in queues.RootElement.EnumerateArray().Select(q => q.GetProperty("name").GetString()!))
        {
            using var response = await http.PostAsJsonAsync($"api/queues/{vhost}/{Uri.EscapeDataString(queue)}/get",
                new { count = 10_000, ackmode = "ack_requeue_true", encoding = "auto", truncate = 10_000_000 });
            response.EnsureSuccessStatusCode();
            using var got = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            messages.AddRange(got.RootElement.EnumerateArray().Select(m =>
                $"{queue}: {m.GetProperty("payload").GetString()} {m.GetProperty("properties").GetRawText()}"));
        }

        return messages;
    }

    static string Describe(System.Diagnostics.Activity span)
    {
        var text = new StringBuilder().Append(span.Source.Name).Append(' ').Append(span.DisplayName);
        foreach (var (key, value) in span.TagObjects)
            text.Append(" | ").Append(key).Append('=').Append(value);
        foreach (var (key, value) in span.Baggage)
            text.Append(" | baggage ").Append(key).Append('=').Append(value);
        foreach (var spanEvent in span.Events)
        {
            text.Append(" | event ").Append(spanEvent.Name);
            foreach (var (key, value) in spanEvent.Tags)
                text.Append(' ').Append(key).Append('=').Append(value);
        }

        return text.ToString();
    }
}
