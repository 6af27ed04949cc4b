using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OrderSystem.Identity.Settings;
using OrderSystem.ServiceDefaults;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace OrderSystem.Identity.Server;

/// <summary>Builds the principal Identity signs into tokens, for a person or a machine client.</summary>
sealed class TokenPrincipals(UserManager<IdentityUser> users)
{
    const string AuthenticationType = "OrderSystem.Identity";

    /// <summary>A person: id, name, email and roles; API scopes limited to what their roles allow.</summary>
    public async Task<ClaimsPrincipal> ForUser(IdentityUser user, IEnumerable<string> requestedScopes)
    {
        var roles = await users.GetRolesAsync(user);
        var identity = new ClaimsIdentity(AuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id)
            .SetClaim(Claims.Name, user.UserName)
            .SetClaim(Claims.Email, user.Email)
            .SetClaims(Claims.Role, [.. roles]);

        var allowed = roles.Contains(OrderSystemRoles.Admin)
            ? OrderSystemScopes.All
            : [OrderSystemScopes.Orders];
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(requestedScopes.Where(scope => allowed.Contains(scope) || IsIdentityScope(scope)));
        return Finish(principal);
    }

    /// <summary>A machine client: its id as subject, the scopes OpenIddict already checked against its permissions.</summary>
    public static ClaimsPrincipal ForClient(string clientId, MachineClientSettings? client, IEnumerable<string> grantedScopes)
    {
        var identity = new ClaimsIdentity(AuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, clientId).SetClaim(Claims.Name, clientId);
        if (!string.IsNullOrWhiteSpace(client?.Email))
            identity.SetClaim(Claims.Email, client.Email);
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(grantedScopes);
        return Finish(principal);
    }

    static bool IsIdentityScope(string scope) => scope is Scopes.OpenId or Scopes.Email or Scopes.Profile;

    static ClaimsPrincipal Finish(ClaimsPrincipal principal)
    {
        principal.SetResources(OrderSystemScopes.Audience);
        // Every claim goes into the access token; name and email also into the identity token when those scopes were asked for.
        principal.SetDestinations(claim => claim.Type switch
        {
            Claims.Subject => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.Name when principal.HasScope(Scopes.Profile) => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.Email when principal.HasScope(Scopes.Email) => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        });
        return principal;
    }
}
