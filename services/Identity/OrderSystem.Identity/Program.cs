using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using OrderSystem.Identity.Features.Authorize;
using OrderSystem.Identity.Features.Seeding;
using OrderSystem.Identity.Features.SignIn;
using OrderSystem.Identity.Features.Token;
using OrderSystem.Identity.Persistence;
using OrderSystem.Identity.Server;
using OrderSystem.Identity.Settings;
using OrderSystem.Persistence.Database;
using OrderSystem.ServiceDefaults;
using static OpenIddict.Abstractions.OpenIddictConstants;

var builder = WebApplication.CreateBuilder(args);

// Identity issues the tokens the other services validate; it validates none itself.
builder.AddServiceDefaults("identity", validateTokens: false);
builder.AddDatabase<IdentityStoreDbContext, PostgresIdentityStoreDbContext, SqlServerIdentityStoreDbContext>();
builder.Services.AddValidatedOptions<IdentityServerSettings>(IdentityServerSettings.SectionName)
    .Validate(settings => settings.Users.Values.All(user => user.Role is OrderSystemRoles.Admin or OrderSystemRoles.Customer),
        "Identity:Users:<name>:Role must be 'admin' or 'customer'.")
    .Validate(settings => settings.Clients.Values.All(client => client.Scopes.All(OrderSystemScopes.All.Contains)),
        $"Identity:Clients:<id>:Scopes may name only {string.Join(", ", OrderSystemScopes.All)}.")
    .Validate(settings => settings.SwaggerRedirectUris.All(uri => Uri.TryCreate(uri, UriKind.Absolute, out _)),
        "Identity:SwaggerRedirectUris must be absolute URLs.");

builder.Services.AddIdentity<IdentityUser, IdentityRole>(options =>
    {
        // Length over composition rules (NIST SP 800-63B); lockout slows guessing.
        options.Password.RequiredLength = 12;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
        options.User.RequireUniqueEmail = true;
        // OpenIddict's claim names, so the cookie principal and the tokens agree.
        options.ClaimsIdentity.UserIdClaimType = Claims.Subject;
        options.ClaimsIdentity.UserNameClaimType = Claims.Name;
        options.ClaimsIdentity.RoleClaimType = Claims.Role;
        options.ClaimsIdentity.EmailClaimType = Claims.Email;
    })
    .AddEntityFrameworkStores<IdentityStoreDbContext>()
    .AddDefaultTokenProviders();
// One key ring for every replica: a cookie or antiforgery token issued by one is read by the next (keys per pod would
// make sign-in fail whenever the login form's POST reaches another replica).
builder.Services.AddDataProtection()
    .SetApplicationName("OrderSystem.Identity")
    .PersistKeysToDbContext<IdentityStoreDbContext>();
builder.Services.ConfigureApplicationCookie(options =>
{
    options.LoginPath = LoginPage.Path;
    options.Cookie.SameSite = SameSiteMode.Lax;
    options.ExpireTimeSpan = TimeSpan.FromMinutes(30);
});

builder.Services.AddOpenIddict()
    .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<IdentityStoreDbContext>())
    .AddServer(options =>
    {
        options.SetAuthorizationEndpointUris("connect/authorize")
            .SetTokenEndpointUris("connect/token");
        options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
        options.AllowClientCredentialsFlow();
        options.RegisterScopes([Scopes.OpenId, Scopes.Email, Scopes.Profile, .. OrderSystemScopes.All]);
        // Plain signed JWTs: every service checks them with Identity's public key from the discovery document, and no
        // service needs a decryption key. The tokens carry no secret (ids, roles, scopes, an email address).
        options.DisableAccessTokenEncryption();
        options.UseAspNetCore()
            .EnableAuthorizationEndpointPassthrough()
            .EnableTokenEndpointPassthrough();
    });
// Keys, the password grant, the issuer and HTTPS come from settings (ServerKeysAndGrants).
builder.Services.AddSingleton<ServerKeysAndGrants>();
builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(services => services.GetRequiredService<ServerKeysAndGrants>());
builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerAspNetCoreOptions>>(services => services.GetRequiredService<ServerKeysAndGrants>());
builder.Services.AddScoped<TokenPrincipals>();
builder.Services.AddHostedService<AccountSeeder>();
builder.Services.AddAuthorization();
builder.Services.AddAntiforgery();
// Swagger UI exchanges its code from the browser: the services' origins may call the token endpoint.
builder.Services.AddCors();
builder.Services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
    .Configure<IOptions<IdentityServerSettings>>((cors, settings) => cors.AddDefaultPolicy(policy => policy
        .WithOrigins([.. settings.Value.SwaggerRedirectUris.Select(uri => new Uri(uri).GetLeftPart(UriPartial.Authority)).Distinct()])
        .WithMethods(HttpMethods.Post)
        .AllowAnyHeader()));

var app = builder.Build();

app.UseCors();
app.MapDefaultEndpoints();
app.UseAntiforgery();
LoginPage.Map(app);
AuthorizeEndpoint.Map(app);
TokenEndpoint.Map(app);

app.Run();
