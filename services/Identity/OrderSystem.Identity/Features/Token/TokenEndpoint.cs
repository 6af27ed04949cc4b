using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using OrderSystem.Identity.Server;
using OrderSystem.Identity.Settings;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace OrderSystem.Identity.Features.Token;

/// <summary>
/// <c>POST /connect/token</c>. OpenIddict has already authenticated the client, checked its permissions (grant type,
/// scopes) and, for a code, PKCE; this decides who the token is for.
/// </summary>
public static class TokenEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/connect/token", Handle).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();

    static async Task<IResult> Handle(HttpContext http, UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn,
        TokenPrincipals principals, IOptions<IdentityServerSettings> settings)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");

        if (request.IsClientCredentialsGrantType())
        {
            var clientId = request.ClientId!;
            settings.Value.Clients.TryGetValue(clientId, out var client);
            return SignIn(TokenPrincipals.ForClient(clientId, client, request.GetScopes()));
        }

        if (request.IsPasswordGrantType())
        {
            // Only reachable when Identity:AllowPasswordGrant is on: OpenIddict refuses the grant type otherwise.
            var user = await users.FindByNameAsync(request.Username ?? "");
            if (user is null || !(await signIn.CheckPasswordSignInAsync(user, request.Password ?? "", lockoutOnFailure: true)).Succeeded)
                return Forbid(Errors.InvalidGrant, "The user name or password is wrong, or the account is locked.");
            return SignIn(await principals.ForUser(user, request.GetScopes()));
        }

        if (request.IsAuthorizationCodeGrantType())
        {
            var code = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var user = code.Principal?.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;
            if (user is null || await users.IsLockedOutAsync(user))
                return Forbid(Errors.InvalidGrant, "The account no longer exists or is locked.");
            // Rebuilt, not reused: roles and email changed since the code was issued count.
            return SignIn(await principals.ForUser(user, code.Principal!.GetScopes()));
        }

        return Forbid(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }

    static IResult SignIn(System.Security.Claims.ClaimsPrincipal principal) =>
        Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    static IResult Forbid(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
