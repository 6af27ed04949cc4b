using System.Net.Http.Json;
using System.Text.Json;
using AwesomeAssertions;

namespace OrderSystem.BrowserTests;

/// <summary>The RabbitMQ management UI, logged in as the .env administrator: exchanges, queues, a dead letter.</summary>
public sealed class RabbitMqManagementUiTests(BrowserFixture browser) : BrowserTest(browser)
{
    static readonly string[] ContextExchanges = ["order", "inventory", "payment", "notification"];

    [Fact]
    public async Task The_four_context_exchanges_are_topic_exchanges()
    {
        var rabbit = await RabbitMqManagementUi.LogInAsync(Page, System);
        await rabbit.OpenTabAsync("Exchanges");

        foreach (var exchange in ContextExchanges)
            (await rabbit.Row("exchanges", exchange).InnerTextAsync()).Should().Contain("topic", $"exchange {exchange} routes by topic");
    }

    [Fact]
    public async Task Every_consumer_queue_shows_its_dead_letter_exchange()
    {
        var rabbit = await RabbitMqManagementUi.LogInAsync(Page, System);
        await rabbit.OpenTabAsync("Queues");

        var names = await rabbit.NamesAsync("queues");
        var consumerQueues = names.Where(n => ContextExchanges.Any(c => n.StartsWith(c + ".", StringComparison.Ordinal)) && !n.EndsWith(".dlq", StringComparison.Ordinal)).ToList();
        consumerQueues.Should().Contain(["inventory.order-placed", "order.fulfilment", "payment.payment-requested", "notification.order-confirmed"]);
        foreach (var queue in consumerQueues)
        {
            // The Features column shows "DLX" with the exchange as its tooltip.
            var dlx = rabbit.Row("queues", queue).Locator("abbr", new() { HasText = "DLX" });
            (await dlx.GetAttributeAsync("title")).Should().Be($"x-dead-letter-exchange: {queue}.dlq", $"queue {queue} dead-letters to its own .dlq");
            names.Should().Contain($"{queue}.dlq");
        }
    }

    [Fact]
    public async Task A_malformed_message_published_on_an_exchange_is_dead_lettered_and_read_with_Get_messages()
    {
        var marker = $"browser-test-{Guid.NewGuid():N}";
        var rabbit = await RabbitMqManagementUi.LogInAsync(Page, System);
        try
        {
            await rabbit.OpenTabAsync("Exchanges");
            await rabbit.OpenAsync("exchanges", "order");
            await rabbit.PublishAsync("order.placed", $"not json: {marker}");

            // Inventory cannot read it and dead-letters it at once: Get messages until it shows (requeued, so it stays).
            await rabbit.OpenTabAsync("Queues");
            await rabbit.OpenAsync("queues", "inventory.order-placed.dlq");
            var shown = await Wait.For(() => rabbit.GetMessagesAsync(count: 50), messages => messages.Contains(marker, StringComparison.Ordinal),
                "the malformed message is in inventory.order-placed.dlq", PageTimeout);
            shown.Should().ContainAll("x-dead-letter-reason", "x-dead-letter-source-queue", "inventory.order-placed", "x-original-exchange");
        }
        finally
        {
            await DiscardDeadLettersContaining(marker);
        }
    }

    // Leaves the system as found (a DLQ holding messages makes /health/ready report Degraded): the admin API discards it.
    static async Task DiscardDeadLettersContaining(string marker)
    {
        // /admin needs the admin scope: the scripts' machine client has it (client credentials).
        var identity = System.Service("identity");
        using var http = new HttpClient(OrderSystem.Tools.ClientCredentialsToken.Handler(identity, "scripts", System.Settings["IDENTITY_SCRIPTS_SECRET"], "admin", TimeSpan.FromMinutes(30)))
        {
            BaseAddress = System.Service("inventory"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        var page = await http.GetFromJsonAsync<JsonElement>("admin/dead-letters?queue=inventory.order-placed.dlq&limit=100");
        foreach (var item in page.GetProperty("items").EnumerateArray())
        {
            var id = item.GetProperty("id").GetString()!;
            var detail = await http.GetFromJsonAsync<JsonElement>($"admin/dead-letters/{Uri.EscapeDataString(id)}");
            if (detail.GetProperty("body").GetString()?.Contains(marker, StringComparison.Ordinal) == true)
                (await http.DeleteAsync($"admin/dead-letters/{Uri.EscapeDataString(id)}")).EnsureSuccessStatusCode();
        }
    }
}
