using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrderSystem.Inventory.Features.Catalogue;
using OrderSystem.Tests.Hosts;

namespace OrderSystem.Tests.Tour;

/// <summary>
/// The README's guided tour as data: the request of step 3 and the rows of step 4's table, read from README.md (copied
/// next to the tests at build time), so that a README that no longer matches the system fails the tour tests.
/// </summary>
public static partial class GuidedTour
{
    static readonly string Readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));

    /// <summary>Step 3's text: "Place an approved order" up to step 4.</summary>
    public static string ApprovedStep => Section("3. **Place an approved order**", "4. **Try the other paths**");

    /// <summary>The JSON request of step 3.</summary>
    public static JsonObject ApprovedRequest() => JsonNode.Parse(JsonBlock().Match(ApprovedStep).Groups[1].Value)!.AsObject();

    /// <summary>
    /// The step-3 request with <paramref name="change"/>'s fields replaced wherever the request has a field of that name,
    /// and added at the top when it has none.
    /// </summary>
    public static JsonObject Request(JsonObject? change = null)
    {
        var request = ApprovedRequest();
        foreach (var (name, value) in change ?? [])
        {
            if (Replace(request, name, value) == 0)
                request[name] = value?.DeepClone();
        }

        return request;
    }

    /// <summary>
    /// The step-3 request changed as <paramref name="row"/> says: by its one JSON change, or with the payment method "of" a
    /// card, which is registered with Payment first, as the signed-in customer does in step 2.
    /// </summary>
    public static async Task<JsonObject> RequestFor(SystemUnderTest system, TourRow row)
    {
        if (row.CardChange is not { } card)
            return Request(row.Changes.Single());
        return Request(new JsonObject { [card.Field] = (await system.PaymentMethod(card.CardNumber)).ToString() });
    }

    /// <summary>The row of step 4's table whose first column is <paramref name="what"/>.</summary>
    public static TourRow Row(string what)
    {
        var rows = Section("4. **Try the other paths**", "5. **Watch the queues**").Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith('|') && !line.StartsWith("|---", StringComparison.Ordinal))
            .Select(line => line.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray())
            .Select(cells => new TourRow(cells[0], cells[1], cells[2]))
            .ToList();
        return rows.SingleOrDefault(r => r.What == what)
            ?? throw new InvalidOperationException($"The README's tour has no row \"{what}\"; it has: {string.Join(", ", rows.Select(r => r.What))}.");
    }

    /// <summary>
    /// Sends <paramref name="body"/> to <c>POST /orders</c> once, as a person would, after Order's catalogue replica has
    /// learned the demo catalogue from Inventory's events. The one place that builds the tour's HTTP request.
    /// </summary>
    public static async Task<HttpResponseMessage> PlaceOrder(SystemUnderTest system, JsonObject body, string? idempotencyKey = null)
    {
        await system.CatalogueKnows([.. CatalogueSeeder.DemoProducts.Select(p => p.Sku)]);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await system.Order.SendAsync(request);
    }

    static int Replace(JsonNode? node, string name, JsonNode? value) => node switch
    {
        JsonObject obj => obj.ToList().Sum(property => property.Key == name ? Set(obj, name, value) : Replace(property.Value, name, value)),
        JsonArray array => array.Sum(item => Replace(item, name, value)),
        _ => 0,
    };

    static int Set(JsonObject obj, string name, JsonNode? value)
    {
        obj[name] = value?.DeepClone();
        return 1;
    }

    static string Section(string from, string to)
    {
        var start = Readme.IndexOf(from, StringComparison.Ordinal);
        var end = Readme.IndexOf(to, start + 1, StringComparison.Ordinal);
        if (start < 0 || end < 0)
            throw new InvalidOperationException($"README.md has no section from \"{from}\" to \"{to}\".");
        return Readme[start..end];
    }

    [GeneratedRegex("```json\\s*\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
