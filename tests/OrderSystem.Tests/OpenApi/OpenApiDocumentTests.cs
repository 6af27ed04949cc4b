using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using OrderSystem.Order.Domain;
using OrderSystem.Tests.Hosts;
using PlaceOrderEndpoint = OrderSystem.Order.Features.PlaceOrder.PlaceOrder;

namespace OrderSystem.Tests.OpenApi;

/// <summary>
/// Each of the four real services (its own Program, in-process, on the real RabbitMQ and PostgreSQL) serves the OpenAPI
/// document Swagger UI loads: 200, it parses, it describes every endpoint the app maps with a summary and its schemas,
/// and its examples work as they are in "Try it out".
/// </summary>
public sealed class OpenApiDocumentTests(SystemFixture<DevelopmentSettings> shared) : IClassFixture<SystemFixture<DevelopmentSettings>>
{
    const string DocumentPath = "/swagger/v1/swagger.json";

    // Operational endpoints that are deliberately not part of the API description.
    static readonly string[] Undocumented = ["/health", "/metrics"];

    public static TheoryData<string> Services => new("order", "inventory", "payment", "notification");

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Document_is_served_and_parses(string service)
    {
        var json = await Fetch(service);

        var result = OpenApiDocument.Parse(json, "json");
        result.Diagnostic!.Errors.Should().BeEmpty();
        result.Document!.Paths.Should().NotBeEmpty();
        var schemas = JsonDocument.Parse(json).RootElement.GetProperty("components").GetProperty("schemas");
        References(JsonDocument.Parse(json).RootElement).Where(id => !schemas.TryGetProperty(id, out _)).Should().BeEmpty("every $ref names a schema of the document");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Document_lists_every_mapped_endpoint(string service)
    {
        var paths = JsonDocument.Parse(await Fetch(service)).RootElement.GetProperty("paths");

        var documented = paths.EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(method => $"{method.Name.ToUpperInvariant()} {Normalize(path.Name)}"));
        var mapped = Endpoints(service).Select(e => $"{e.Method} {e.Path}");
        documented.Should().BeEquivalentTo(mapped);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_operation_has_a_summary_its_request_schema_and_its_success_response_schemas(string service)
    {
        var paths = JsonDocument.Parse(await Fetch(service)).RootElement.GetProperty("paths");
        var failures = new List<string>();

        foreach (var (method, path, endpoint) in Endpoints(service))
        {
            var name = $"{method} {path}";
            var operation = Operation(paths, method, path);
            if (operation is not { } op)
            {
                failures.Add($"{name}: not documented");
                continue;
            }

            if (!op.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
                failures.Add($"{name}: no summary");
            if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not null && !HasJsonSchema(op, "requestBody"))
                failures.Add($"{name}: takes a body but documents no request schema");

            var success = endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>().Where(m => m.StatusCode is >= 200 and < 300).ToList();
            if (success.Count == 0)
                failures.Add($"{name}: declares no success response (Produces)");
            foreach (var response in success.Where(m => m.Type is not null && m.Type != typeof(void)))
            {
                if (!op.GetProperty("responses").TryGetProperty(response.StatusCode.ToString(), out var documented) || !HasJsonSchema(documented))
                    failures.Add($"{name}: {response.StatusCode} returns {response.Type!.Name} but documents no schema");
            }
        }

        failures.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_documented_example_is_accepted_as_it_is(string service)
    {
        var paths = JsonDocument.Parse(await Fetch(service)).RootElement.GetProperty("paths");
        // As a person after "Authorize": an admin for the catalogue and the dead letters, the customer ada for the rest.
        using var customer = await shared.System.Client(service, SystemUnderTest.Customer);
        using var admin = await shared.System.Client(service, "admin");
        var failures = new List<string>();
        var sent = 0;

        foreach (var (method, path, _) in Endpoints(service))
        {
            var operation = Operation(paths, method, path)!.Value;
            var body = BodyExample(operation);
            if (operation.TryGetProperty("requestBody", out _) && body is null)
                failures.Add($"{method} {path}: takes a body but has no example");
            if (TryOut(method, path, operation, body) is not { } request)
                continue;

            sent++;
            var client = service == "inventory" || path.StartsWith("/admin", StringComparison.Ordinal) ? admin : customer;
            using var response = await client.SendAsync(request);
            if (!response.IsSuccessStatusCode)
                failures.Add($"{method} {path}: the documented example answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        failures.Should().BeEmpty();
        sent.Should().BePositive("every service documents at least one example");
    }

    [Fact]
    public async Task Place_order_example_is_accepted_and_the_order_is_confirmed()
    {
        var paths = JsonDocument.Parse(await Fetch("order")).RootElement.GetProperty("paths");
        var example = BodyExample(Operation(paths, "POST", "/orders")!.Value)!.Value;

        using var response = await shared.System.PlaceOrder(example);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var orderId = (await response.Content.ReadFromJsonAsync<PlaceOrderEndpoint.Response>())!.OrderId;
        (await shared.System.WaitUntilFinal(orderId)).Status.Should().Be(nameof(OrderStatus.Confirmed));
    }

    async Task<string> Fetch(string service)
    {
        using var anonymous = await shared.System.Client(service, null);
        using var response = await anonymous.GetAsync(DocumentPath);
        var json = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"{service} serves {DocumentPath}: {json}");
        return json;
    }

    /// <summary>What the app maps: method and path (route constraints dropped, as OpenAPI writes them) of every API endpoint.</summary>
    List<(string Method, string Path, RouteEndpoint Endpoint)> Endpoints(string service) =>
    [
        .. shared.System.ServicesOf(service).GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(endpoint => (Path: PathOf(endpoint.RoutePattern), Endpoint: endpoint))
            .Where(e => !Undocumented.Any(prefix => e.Path.StartsWith(prefix, StringComparison.Ordinal)))
            .SelectMany(e => (e.Endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["(any)"]).Select(method => (method, e.Path, e.Endpoint))),
    ];

    static string PathOf(RoutePattern pattern) => "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternSeparatorPart separator => separator.Content,
        RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
        _ => "",
    }))));

    static string Normalize(string documentedPath) => documentedPath.Length > 1 ? documentedPath.TrimEnd('/') : documentedPath;

    static JsonElement? Operation(JsonElement paths, string method, string path) =>
        paths.EnumerateObject().Where(p => Normalize(p.Name) == path).SelectMany(p => p.Value.EnumerateObject())
            .Where(o => o.Name.Equals(method, StringComparison.OrdinalIgnoreCase)).Select(o => (JsonElement?)o.Value).SingleOrDefault();

    static bool HasJsonSchema(JsonElement owner, string? property = null) =>
        (property is null ? owner : owner.TryGetProperty(property, out var inner) ? inner : default) is { ValueKind: JsonValueKind.Object } target
        && target.TryGetProperty("content", out var content)
        && content.EnumerateObject().Any(media => media.Name.Contains("json", StringComparison.Ordinal) && media.Value.TryGetProperty("schema", out _));

    static JsonElement? BodyExample(JsonElement operation) =>
        operation.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("application/json", out var media)
        && media.TryGetProperty("example", out var example) ? example : null;

    /// <summary>
    /// The request Swagger UI's "Try it out" sends with the documented examples, or null when there is nothing to try
    /// (no example at all, or a required parameter without one).
    /// </summary>
    static HttpRequestMessage? TryOut(string method, string path, JsonElement operation, JsonElement? body)
    {
        var parameters = operation.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
        var examples = parameters.Where(p => p.TryGetProperty("example", out _)).ToList();
        if ((body is null && examples.Count == 0) || parameters.Any(p => p.TryGetProperty("required", out var r) && r.GetBoolean() && !p.TryGetProperty("example", out _)))
            return null;

        var query = new List<string>();
        foreach (var parameter in examples)
        {
            var (name, value) = (parameter.GetProperty("name").GetString()!, parameter.GetProperty("example"));
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            switch (parameter.GetProperty("in").GetString())
            {
                case "path": path = path.Replace("{" + name + "}", Uri.EscapeDataString(text), StringComparison.Ordinal); break;
                case "query": query.Add($"{name}={Uri.EscapeDataString(text)}"); break;
            }
        }

        var request = new HttpRequestMessage(new HttpMethod(method), query.Count > 0 ? $"{path}?{string.Join('&', query)}" : path);
        if (body is { } json)
            request.Content = JsonContent.Create(json);
        return request;
    }

    static IEnumerable<string> References(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Name == "$ref" ? [p.Value.GetString()!.Replace("#/components/schemas/", "", StringComparison.Ordinal)] : References(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(References),
        _ => [],
    };
}
