using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AwesomeAssertions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Identity.Persistence;
using Microsoft.IdentityModel.Tokens;
using OrderSystem.ServiceDefaults;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.Security;

/// <summary>The Identity service itself, over HTTP on its real port: the grants it allows, refuses, and what it signs.</summary>
public sealed partial class IdentityServiceTests
{
    [Fact]
    public async Task A_password_grant_token_is_a_signed_at_jwt_for_the_api_audience_with_the_users_id_email_and_role()
    {
        var token = await TestIdentity.Token("ada");

        var (header, payload) = Decode(token);
        header.GetProperty("typ").GetString().Should().Be("at+jwt");
        header.GetProperty("alg").GetString().Should().Be("RS256", "signed, not encrypted: the services validate it with the public key");
        payload.GetProperty("sub").GetString().Should().Be("ada");
        payload.GetProperty("email").GetString().Should().Be("ada@example.com");
        payload.GetProperty("role").ToString().Should().Contain("customer");
        payload.GetProperty("aud").ToString().Should().Contain(OrderSystemScopes.Audience);
        payload.GetProperty("iss").GetString().Should().Be(TestIdentity.Authority.ToString());
    }

    [Fact]
    public async Task Client_credentials_grant_only_the_scopes_the_client_is_allowed_and_need_the_right_secret()
    {
        var identity = await TestIdentity.Shared;

        var allowed = await identity.RequestToken(ClientCredentials(IdentityHost.OrdersOnlyClient, identity.Secret(IdentityHost.OrdersOnlyClient), OrderSystemScopes.Orders));
        allowed.StatusCode.Should().Be(HttpStatusCode.OK);
        var (_, payload) = Decode((await allowed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!);
        payload.GetProperty("sub").GetString().Should().Be(IdentityHost.OrdersOnlyClient);
        payload.GetProperty("scope").GetString().Should().Be(OrderSystemScopes.Orders);

        var tooMuch = await identity.RequestToken(ClientCredentials(IdentityHost.OrdersOnlyClient, identity.Secret(IdentityHost.OrdersOnlyClient), OrderSystemScopes.Admin));
        tooMuch.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        // OpenIddict answers invalid_request with its error ID2051 ("not allowed to use the specified scope").
        (await tooMuch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_description").GetString().Should().Contain("not allowed to use the specified scope");

        var wrongSecret = await identity.RequestToken(ClientCredentials(IdentityHost.MachineClient, "not-the-secret", OrderSystemScopes.Orders));
        wrongSecret.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await wrongSecret.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("invalid_client");
    }

    [Fact]
    public async Task A_wrong_password_gets_no_token()
    {
        var identity = await TestIdentity.Shared;

        var response = await identity.RequestToken(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "ordersystem-dev", ["username"] = "bob", ["password"] = "wrong-password-123",
        });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("invalid_grant");
    }

    [Fact]
    public async Task The_password_grant_is_refused_when_the_setting_is_off()
    {
        await using var identity = await IdentityHost.Start(new Dictionary<string, string?> { ["Identity:AllowPasswordGrant"] = "false" });

        var response = await identity.RequestToken(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "ordersystem-dev", ["username"] = "ada", ["password"] = identity.Password("ada"),
        });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("unsupported_grant_type");
        // Machines still get their tokens.
        (await identity.ClientToken(IdentityHost.MachineClient, OrderSystemScopes.Orders)).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Replicas_share_one_key_ring_in_the_database_so_a_cookie_from_one_is_read_by_the_other()
    {
        // The sign-in cookie and the login form's antiforgery token are Data Protection payloads: with keys per pod, a
        // login form served by one replica and posted to another fails.
        await using var first = await IdentityHost.Start();
        await using var second = await first.StartReplica();

        var payload = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("replica-test").Protect("ada");
        second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("replica-test").Unprotect(payload).Should().Be("ada");

        await using var scope = first.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<IdentityStoreDbContext>().DataProtectionKeys.CountAsync())
            .Should().BeGreaterThan(0, "the key ring lives in Identity's database, not on a pod's disk");
    }

    [Fact]
    public async Task Keys_made_in_the_key_directory_survive_a_restart_so_tokens_stay_valid()
    {
        var directory = Directory.CreateTempSubdirectory("identity-keys-").FullName;
        try
        {
            var settings = new Dictionary<string, string?> { ["Identity:KeyDirectory"] = directory };
            string firstKeyId, token;
            await using (var first = await IdentityHost.Start(settings))
            {
                token = await first.ClientToken(IdentityHost.MachineClient, OrderSystemScopes.Orders);
                firstKeyId = Decode(token).Header.GetProperty("kid").GetString()!;
            }

            if (!OperatingSystem.IsWindows())
                File.GetUnixFileMode(Path.Combine(directory, "signing-key.pem")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            await using var second = await IdentityHost.Start(settings);
            using var http = new HttpClient { BaseAddress = second.BaseAddress };
            var keys = await http.GetFromJsonAsync<JsonElement>(".well-known/jwks");
            keys.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).Should().Contain(firstKeyId,
                "the restarted Identity signs with the same key, so the services still accept tokens issued before");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Swagger_uis_authorization_code_with_pkce_signs_a_person_in_through_the_login_page()
    {
        var identity = await TestIdentity.Shared;
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = identity.BaseAddress };
        const string redirectUri = "http://localhost:5001/swagger/oauth2-redirect.html";
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = $"connect/authorize?response_type=code&client_id=swagger-ui&redirect_uri={Uri.EscapeDataString(redirectUri)}" +
            $"&scope=orders&state=xyz&code_challenge={challenge}&code_challenge_method=S256";

        var toLogin = await browser.GetAsync(authorize);
        toLogin.StatusCode.Should().Be(HttpStatusCode.Redirect);
        toLogin.Headers.Location!.ToString().Should().Contain("/account/login");
        var loginPage = await browser.GetStringAsync(toLogin.Headers.Location);
        var antiforgery = AntiforgeryField().Match(loginPage);
        antiforgery.Success.Should().BeTrue("the login form carries an antiforgery token");
        var returnUrl = WebUtility.HtmlDecode(ReturnUrlField().Match(loginPage).Groups[1].Value);

        var wrong = await browser.PostAsync("account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [antiforgery.Groups[1].Value] = antiforgery.Groups[2].Value, ["userName"] = "bob", ["password"] = "not-bobs-password", ["returnUrl"] = returnUrl,
        }));
        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var signedIn = await browser.PostAsync("account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [antiforgery.Groups[1].Value] = antiforgery.Groups[2].Value, ["userName"] = "bob", ["password"] = identity.Password("bob"), ["returnUrl"] = returnUrl,
        }));
        signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var withCode = await browser.GetAsync(signedIn.Headers.Location);
        withCode.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var callback = withCode.Headers.Location!;
        callback.GetLeftPart(UriPartial.Path).Should().Be(redirectUri);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query);
        query["state"].ToString().Should().Be("xyz");

        var exchange = Exchange(query["code"].ToString(), verifier);
        var tokens = await identity.RequestToken(exchange);
        tokens.StatusCode.Should().Be(HttpStatusCode.OK);
        var (_, payload) = Decode((await tokens.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!);
        payload.GetProperty("sub").GetString().Should().Be("bob");
        payload.GetProperty("scope").GetString().Should().Be(OrderSystemScopes.Orders);
        (await identity.RequestToken(exchange)).StatusCode.Should().Be(HttpStatusCode.BadRequest, "a code is spent once");

        // Still signed in: the next authorization answers with a code at once; without its verifier the code is useless.
        var again = await browser.GetAsync(authorize);
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(again.Headers.Location!.Query)["code"].ToString();
        (await identity.RequestToken(Exchange(code, Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32))))).StatusCode
            .Should().Be(HttpStatusCode.BadRequest, "PKCE: a stolen code without the verifier gets no token");

        static Dictionary<string, string> Exchange(string code, string verifier) => new()
        {
            ["grant_type"] = "authorization_code", ["client_id"] = "swagger-ui", ["code"] = code, ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier,
        };
    }

    static Dictionary<string, string> ClientCredentials(string clientId, string secret, string scope) => new()
    {
        ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = scope,
    };

    static (JsonElement Header, JsonElement Payload) Decode(string jwt)
    {
        var parts = jwt.Split('.');
        parts.Should().HaveCount(3, "a signed JWT (JWS), not an encrypted one (JWE has five parts)");
        return (JsonDocument.Parse(Base64UrlEncoder.Decode(parts[0])).RootElement, JsonDocument.Parse(Base64UrlEncoder.Decode(parts[1])).RootElement);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrlField();
}
