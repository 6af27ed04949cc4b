using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace OrderSystem.Identity.Features.SignIn;

/// <summary>
/// <c>/account/login</c>: the one page people see, reached from Swagger UI's Authorize button through
/// <c>/connect/authorize</c>. A plain form, protected against cross-site posting, that only redirects to local URLs.
/// </summary>
public static class LoginPage
{
    /// <summary>The path the sign-in cookie's challenge redirects to.</summary>
    public const string Path = "/account/login";

    /// <summary>The posted form.</summary>
    public sealed record Form(string? UserName, string? Password, string? ReturnUrl);

    /// <summary>Maps GET (the form) and POST (the sign-in).</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Show).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(Path, SignInAsync).AllowAnonymous().ExcludeFromDescription();
    }

    static IResult Show(HttpContext http, IAntiforgery antiforgery, [FromQuery(Name = "ReturnUrl")] string? returnUrl) =>
        Page(http, antiforgery, returnUrl, error: null);

    static async Task<IResult> SignInAsync(HttpContext http, IAntiforgery antiforgery, SignInManager<IdentityUser> signIn, [FromForm] Form form)
    {
        var returnUrl = IsLocal(form.ReturnUrl) ? form.ReturnUrl! : "/";
        var result = await signIn.PasswordSignInAsync(form.UserName ?? "", form.Password ?? "", isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
            return Results.LocalRedirect(returnUrl);

        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page(http, antiforgery, returnUrl, result.IsLockedOut ? "Too many attempts: the account is locked for a few minutes." : "Wrong user name or password.");
    }

    // Only a path on this host: never an absolute URL or a protocol-relative "//evil.example" (open redirect).
    static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    static IResult Page(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = HtmlEncoder.Default;
        var body = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign in · OrderSystem</title>
            <style>body{font-family:sans-serif;max-width:22rem;margin:4rem auto}label,input,button{display:block;width:100%;margin:.3rem 0}
            input{padding:.4rem}button{padding:.5rem}.error{color:#b00020}</style></head>
            <body><h1>OrderSystem</h1><p>Sign in to use the APIs.</p>
            {{(error is null ? "" : $"<p class=\"error\" role=\"alert\">{html.Encode(error)}</p>")}}
            <form method="post" action="{{Path}}">
            <input type="hidden" name="{{html.Encode(tokens.FormFieldName)}}" value="{{html.Encode(tokens.RequestToken ?? "")}}">
            <input type="hidden" name="returnUrl" value="{{html.Encode(IsLocal(returnUrl) ? returnUrl! : "/")}}">
            <label for="userName">User name</label><input id="userName" name="userName" autocomplete="username" required autofocus>
            <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit">Sign in</button>
            </form></body></html>
            """;
        return Results.Content(body, "text/html; charset=utf-8", statusCode: http.Response.StatusCode is 0 or 200 ? 200 : http.Response.StatusCode);
    }
}
