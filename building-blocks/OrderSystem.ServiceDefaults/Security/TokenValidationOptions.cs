using System.ComponentModel.DataAnnotations;

namespace OrderSystem.ServiceDefaults;

/// <summary>
/// How a service finds and trusts the Identity service, bound from the <c>Identity</c> section and validated at start-up.
/// </summary>
public sealed class TokenValidationOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Identity";

    /// <summary>
    /// The URL this service reaches Identity by (<c>Identity:Authority</c>, environment <c>Identity__Authority</c>), e.g.
    /// <c>http://localhost:5005/</c> locally or <c>http://identity:8080/</c> in compose. The discovery document and the
    /// signing keys are read from there; the issuer the tokens must carry is the one that document names.
    /// </summary>
    [Required(ErrorMessage = "Identity:Authority is required (set Identity__Authority): the URL of the Identity service.")]
    [Url(ErrorMessage = "Identity:Authority must be an absolute http(s) URL.")]
    public string Authority { get; set; } = string.Empty;

    /// <summary>The URL a browser reaches Identity by (Swagger UI's Authorize button); <see cref="Authority"/> when empty.</summary>
    [Url(ErrorMessage = "Identity:PublicUrl must be an absolute http(s) URL.")]
    public string? PublicUrl { get; set; }

    /// <summary>The audience every access token must name (<c>Identity:Audience</c>).</summary>
    [Required]
    public string Audience { get; set; } = OrderSystemScopes.Audience;

    /// <summary>
    /// Refuse a discovery document served over plain HTTP (<c>Identity:RequireHttpsMetadata</c>). Unset means: required
    /// everywhere except in the Development environment. Turn it off explicitly only where the hop to Identity stays on a
    /// private network (compose, the cluster network).
    /// </summary>
    public bool? RequireHttpsMetadata { get; set; }

    /// <summary>The base URL browsers use: <see cref="PublicUrl"/>, else <see cref="Authority"/>, always ending with a slash.</summary>
    public Uri BrowserBaseUri() => new(WithTrailingSlash(string.IsNullOrWhiteSpace(PublicUrl) ? Authority : PublicUrl));

    static string WithTrailingSlash(string url) => url.EndsWith('/') ? url : url + "/";
}
