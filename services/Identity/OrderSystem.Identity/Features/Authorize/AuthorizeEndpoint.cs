using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using OrderSystem.Identity.Server;

namespace OrderSystem.Identity.Features.Authorize;

/// <summary>
/// <c>GET /connect/authorize</c> (authorization code + PKCE, Swagger UI). OpenIddict has checked the client, the redirect
/// URI and the code challenge; a person not yet signed in is sent to the login page and comes back here.
/// </summary>
public static class AuthorizeEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], Handle).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();

    static async Task<IResult> Handle(HttpContext http, UserManager<IdentityUser> users, TokenPrincipals principals)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = session.Succeeded ? await users.GetUserAsync(session.Principal!) : null;
        if (user is null)
        {
            // Back to this very request after signing in (the query carries client, redirect URI, state and challenge).
            return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + http.Request.QueryString },
                [IdentityConstants.ApplicationScheme]);
        }

        // First-party client, implicit consent: the person signed in to use exactly this system.
        return Results.SignIn(await principals.ForUser(user, request.GetScopes()),
            authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
