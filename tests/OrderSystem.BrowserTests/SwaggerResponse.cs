using System.Text.Json;

namespace OrderSystem.BrowserTests;

/// <summary>What Swagger UI shows after "Execute".</summary>
/// <param name="Status">The status code column.</param>
/// <param name="Body">The response body as shown (pretty-printed JSON).</param>
/// <param name="Details">Everything in the details column, headers included.</param>
public sealed record SwaggerResponse(int Status, string Body, string Details)
{
    /// <summary>The body as JSON.</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
