using System.ComponentModel.DataAnnotations;

namespace OrderSystem.Identity.Settings;

/// <summary>The Identity service's own settings, bound from the <c>Identity</c> section and validated at start-up.</summary>
public sealed class IdentityServerSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Identity";

    /// <summary>
    /// The issuer written into every token (<c>Identity:Issuer</c>): the URL browsers reach Identity by, e.g.
    /// <c>http://localhost:5005/</c>. Fixed so that a token is the same whoever asked for it, a browser on localhost or a
    /// container on the compose network; empty means the URL of each request.
    /// </summary>
    [Url]
    public string? Issuer { get; set; }

    /// <summary>
    /// Development only: allow the resource-owner password grant for the demo users (<c>Identity:AllowPasswordGrant</c>),
    /// through the public client <see cref="DevelopmentClientId"/>. Off by default; the local and compose development
    /// configuration turns it on for scripts and tests. It hands a user's password to a client, which OAuth 2.1 removes.
    /// </summary>
    public bool AllowPasswordGrant { get; set; }

    /// <summary>The public client that may use the password grant while <see cref="AllowPasswordGrant"/> is on.</summary>
    public const string DevelopmentClientId = "ordersystem-dev";

    /// <summary>
    /// Refuse plain HTTP on the OAuth endpoints (<c>Identity:RequireHttps</c>). Unset means: required everywhere except
    /// in the Development environment.
    /// </summary>
    public bool? RequireHttps { get; set; }

    /// <summary>Every service's <c>/swagger/oauth2-redirect.html</c>: where the Swagger UI client may receive codes.</summary>
    public List<string> SwaggerRedirectUris { get; set; } = [];

    /// <summary>
    /// The RSA private key that signs tokens (<c>Identity:SigningKey</c>): PEM, or base64 of PKCS#8 DER (one line, for .env
    /// files). Required outside Development; in Development an ephemeral key is made when it is empty.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// The 256-bit key, base64, that encrypts authorization codes (<c>Identity:EncryptionKey</c>). Required outside
    /// Development; in Development an ephemeral key is made when it is empty.
    /// </summary>
    public string? EncryptionKey { get; set; }

    /// <summary>
    /// A private directory that holds the keys when <see cref="SigningKey"/> and <see cref="EncryptionKey"/> are not given
    /// (<c>Identity:KeyDirectory</c>): created there on first start (owner-only file permissions), reused afterwards. For one
    /// instance with a persistent volume (compose); several replicas need the keys from a secret instead.
    /// </summary>
    public string? KeyDirectory { get; set; }

    /// <summary>How long an access token is valid (<c>Identity:AccessTokenLifetime</c>).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The demo accounts by user name (<c>Identity:Users:ada:Password</c>, …); one without a password is not created.</summary>
    public Dictionary<string, DemoUserSettings> Users { get; set; } = [];

    /// <summary>The machine clients by client id (<c>Identity:Clients:benchmark:Secret</c>, …); one without a secret is not created.</summary>
    public Dictionary<string, MachineClientSettings> Clients { get; set; } = [];
}
