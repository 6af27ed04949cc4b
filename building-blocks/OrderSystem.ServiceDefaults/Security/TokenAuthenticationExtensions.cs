using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OrderSystem.ServiceDefaults;

/// <summary>
/// Token validation and the named policies, once for every service: JWT access tokens issued by Identity, checked
/// for signature (keys from Identity's discovery document), issuer, audience, lifetime and token type.
/// </summary>
internal static class TokenAuthenticationExtensions
{
    // Access tokens are JWTs of type at+jwt (RFC 9068): an identity token, signed by the same key, is refused.
    static readonly string[] AccessTokenTypes = ["at+jwt", "application/at+jwt"];

    public static IServiceCollection AddTokenAuthentication(this IServiceCollection services)
    {
        services.AddValidatedOptions<TokenValidationOptions>(TokenValidationOptions.SectionName);
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<TokenValidationOptions>, IHostEnvironment>((jwt, identity, environment) =>
            {
                var settings = identity.Value;
                jwt.Authority = settings.Authority;
                jwt.Audience = settings.Audience;
                jwt.RequireHttpsMetadata = settings.RequireHttpsMetadata ?? !environment.IsDevelopment();
                // Keep the claims as issued (sub, role, scope, email) instead of the long WS-Federation names.
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters.NameClaimType = OrderSystemClaims.Name;
                jwt.TokenValidationParameters.RoleClaimType = OrderSystemClaims.Role;
                jwt.TokenValidationParameters.ValidTypes = AccessTokenTypes;
                jwt.TokenValidationParameters.ValidateIssuer = true;
                jwt.TokenValidationParameters.ValidateAudience = true;
                jwt.TokenValidationParameters.ValidateLifetime = true;
                jwt.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(1);
            });

        services.AddAuthorizationBuilder()
            // Secure by default: an endpoint without a policy still needs a valid token; AllowAnonymous opts out.
            // A path that matches no endpoint stays a 404 for everyone (the policy also runs when nothing matched).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAssertion(context => context.User.Identity?.IsAuthenticated == true
                    || (context.Resource is HttpContext http && http.GetEndpoint() is null))
                .Build())
            .AddPolicy(AuthorizationPolicies.Customer, policy => policy
                .RequireAuthenticatedUser()
                .RequireClaim(OrderSystemClaims.Subject)
                .RequireAssertion(context => context.User.IsInRole(OrderSystemRoles.Customer)
                    || context.User.IsInRole(OrderSystemRoles.Admin)
                    || context.User.HasGrantedScope(OrderSystemScopes.Orders)))
            .AddPolicy(AuthorizationPolicies.CatalogueWriter, policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.User.IsInRole(OrderSystemRoles.Admin)
                    || context.User.HasGrantedScope(OrderSystemScopes.CatalogueWrite)))
            .AddPolicy(AuthorizationPolicies.Admin, policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.User.SeesEveryCustomer()));
        return services;
    }
}
