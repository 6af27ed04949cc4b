using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrderSystem.Tests.Tour;

/// <summary>
/// One row of the README's tour table. Its code spans are what the tests use: in <see cref="Change"/>, a span starting
/// with a quote is a change to the request (<c>"sku": "LE-006", "quantity": 5</c>), a quoted field name followed by "of"
/// and a card number the payment method of that card (<see cref="CardChange"/>), <c>METHOD /path</c> a follow-up
/// request, <c>Name: value</c> a header; in <see cref="Result"/>, the spans are the promised values, in order.
/// </summary>
public sealed partial record TourRow(string What, string Change, string Result)
{
    /// <summary>The request changes of the row, each one a variant of the step-3 request.</summary>
    public IReadOnlyList<JsonObject> Changes =>
        [.. Code(Change).Where(c => c.StartsWith('"') && c.Contains(':', StringComparison.Ordinal)).Select(c => JsonNode.Parse("{" + c + "}")!.AsObject())];

    /// <summary>A field set to the payment method of a card (<c>`"paymentMethodId"` of `4000000000009995`</c>), or null.</summary>
    public (string Field, string CardNumber)? CardChange =>
        CardOf().Match(Change) is { Success: true } match ? (match.Groups[1].Value, match.Groups[2].Value) : null;

    /// <summary>The follow-up request (<c>POST /orders/{id}/cancel</c>) as method and path.</summary>
    public (HttpMethod Method, string Path) FollowUp =>
        Code(Change).Select(c => c.Split(' ')).Where(p => p.Length == 2 && p[1].StartsWith('/')).Select(p => (new HttpMethod(p[0]), p[1])).Single();

    /// <summary>The header the row sends (<c>Idempotency-Key: abc</c>).</summary>
    public (string Name, string Value) Header =>
        Code(Change).Select(c => c.Split(": ")).Where(p => p.Length == 2 && !p[0].StartsWith('"')).Select(p => (p[0], p[1])).Single();

    /// <summary>The single words in code in the change column: the status to wait for before the follow-up request.</summary>
    public IReadOnlyList<string> Mentions => [.. Code(Change).Where(c => c.All(char.IsAsciiLetter))];

    /// <summary>The promised values: the code spans of the result column, in order.</summary>
    public IReadOnlyList<string> Promises => Code(Result);

    /// <summary>The promised HTTP status: the first promise that starts with three digits.</summary>
    public int PromisedStatusCode => Promises.Select(p => p.Length >= 3 && int.TryParse(p[..3], out var code) ? code : 0).First(code => code > 0);

    /// <summary>A number of seconds the result column states, e.g. <c>after 10 s</c> for <paramref name="word"/> "after".</summary>
    public TimeSpan Seconds(string word) =>
        TimeSpan.FromSeconds(int.Parse(Regex.Match(Result, $@"\b{word} (\d+) s\b").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    static List<string> Code(string cell) => [.. CodeSpan().Matches(cell).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex("`\"(\\w+)\"` of `(\\d{12,19})`")]
    private static partial Regex CardOf();
}
