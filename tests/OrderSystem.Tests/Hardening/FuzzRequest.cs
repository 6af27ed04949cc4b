namespace OrderSystem.Tests.Hardening;

/// <summary>One request of the fuzz run.</summary>
/// <param name="Service">order, inventory, payment or notification.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path and query (already escaped where meant to be).</param>
/// <param name="Body">Raw body, or null for none.</param>
/// <param name="ContentType">Content type of the body.</param>
/// <param name="Headers">Extra headers (added without validation).</param>
/// <param name="MustReject">True: the answer must be 4xx. False (harmless reads such as an injection-shaped but well-formed
/// filter): any answer below 500 will do.</param>
public sealed record FuzzRequest(string Service, string Method, string Path, string? Body = null, string ContentType = "application/json",
    IReadOnlyDictionary<string, string>? Headers = null, bool MustReject = true)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Service} {Method} {Shorten(Path)}{(Body is null ? "" : " body " + Shorten(Body))}{(Headers is { Count: > 0 } h ? " headers " + string.Join(",", h.Keys) : "")}";

    static string Shorten(string value) => value.Length > 120 ? value[..120] + $"…({value.Length} chars)" : value;
}
