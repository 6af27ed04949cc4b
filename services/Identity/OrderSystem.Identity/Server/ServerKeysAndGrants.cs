using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using OrderSystem.Identity.Settings;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace OrderSystem.Identity.Server;

/// <summary>
/// The parts of OpenIddict's configuration that come from settings, applied when the options are first read (so settings
/// supplied late by a test host count): keys, the optional password grant, the issuer, the token lifetime and HTTPS.
/// </summary>
sealed class ServerKeysAndGrants(IOptions<IdentityServerSettings> settings, IHostEnvironment environment)
    : IConfigureOptions<OpenIddictServerOptions>, IConfigureOptions<OpenIddictServerAspNetCoreOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        var identity = settings.Value;
        var store = string.IsNullOrWhiteSpace(identity.KeyDirectory) ? null : new KeyDirectory(identity.KeyDirectory);
        var signingKey = !string.IsNullOrWhiteSpace(identity.SigningKey) ? identity.SigningKey : store?.SigningKey();
        var encryptionKey = !string.IsNullOrWhiteSpace(identity.EncryptionKey) ? identity.EncryptionKey : store?.EncryptionKey();
        options.SigningCredentials.Add(new SigningCredentials(SigningKey(signingKey), SecurityAlgorithms.RsaSha256));
        options.EncryptionCredentials.Add(new EncryptingCredentials(EncryptionKey(encryptionKey),
            SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
        if (identity.AllowPasswordGrant)
            options.GrantTypes.Add(GrantTypes.Password);
        if (!string.IsNullOrWhiteSpace(identity.Issuer))
            options.Issuer = new Uri(identity.Issuer, UriKind.Absolute);
        options.AccessTokenLifetime = identity.AccessTokenLifetime;
    }

    public void Configure(OpenIddictServerAspNetCoreOptions options) =>
        options.DisableTransportSecurityRequirement = !(settings.Value.RequireHttps ?? !environment.IsDevelopment());

    RsaSecurityKey SigningKey(string? configured)
    {
        var rsa = RSA.Create(2048);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (configured.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal))
                rsa.ImportFromPem(configured);
            else
                rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(configured), out _);
        }
        else if (!environment.IsDevelopment())
        {
            throw new OptionsValidationException(nameof(IdentityServerSettings.SigningKey), typeof(IdentityServerSettings),
                ["Identity:SigningKey or Identity:KeyDirectory is required outside Development (see docs/security.md)."]);
        }

        // A stable key id from the public key lets the services pick the right key after a rotation.
        var keyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16];
        return new RsaSecurityKey(rsa) { KeyId = keyId };
    }

    SymmetricSecurityKey EncryptionKey(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var bytes = Convert.FromBase64String(configured);
            if (bytes.Length != 32)
                throw new OptionsValidationException(nameof(IdentityServerSettings.EncryptionKey), typeof(IdentityServerSettings),
                    ["Identity:EncryptionKey must be 32 bytes, base64 (openssl rand -base64 32)."]);
            return new SymmetricSecurityKey(bytes);
        }

        if (!environment.IsDevelopment())
            throw new OptionsValidationException(nameof(IdentityServerSettings.EncryptionKey), typeof(IdentityServerSettings),
                ["Identity:EncryptionKey or Identity:KeyDirectory is required outside Development (see docs/security.md)."]);
        // Development: a key per process. Codes and tokens die with it, which is fine on a laptop.
        return new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
    }
}
