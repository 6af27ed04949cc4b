using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OrderSystem.Identity.Settings;
using OrderSystem.ServiceDefaults;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace OrderSystem.Identity.Features.Seeding;

/// <summary>
/// Makes the database match the settings at start-up (after the migrations): the roles, the demo accounts that have a
/// password, the Swagger UI client, the machine clients that have a secret and, only while the password grant is on,
/// the development client. Passwords and secrets come from the environment and are never logged.
/// </summary>
sealed class AccountSeeder(IServiceScopeFactory scopes, IOptions<IdentityServerSettings> options, ILogger<AccountSeeder> logger) : IHostedService
{
    const string SwaggerClientId = "swagger-ui";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var settings = options.Value;
        await SeedUsers(scope.ServiceProvider, settings);
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await Upsert(applications, SwaggerClient(settings), cancellationToken);
        foreach (var (clientId, client) in settings.Clients)
        {
            if (string.IsNullOrWhiteSpace(client.Secret))
                logger.LogInformation("Machine client {ClientId} has no secret configured: not created", clientId);
            else
                await Upsert(applications, MachineClient(clientId, client), cancellationToken);
        }

        if (settings.AllowPasswordGrant)
        {
            await Upsert(applications, DevelopmentClient(), cancellationToken);
            logger.LogWarning("The password grant is on (Identity:AllowPasswordGrant): for development only");
        }
        else if (await applications.FindByClientIdAsync(IdentityServerSettings.DevelopmentClientId, cancellationToken) is { } stale)
        {
            await applications.DeleteAsync(stale, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    async Task SeedUsers(IServiceProvider services, IdentityServerSettings settings)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in new[] { OrderSystemRoles.Admin, OrderSystemRoles.Customer })
        {
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
        }

        var users = services.GetRequiredService<UserManager<IdentityUser>>();
        foreach (var (name, account) in settings.Users)
        {
            if (string.IsNullOrWhiteSpace(account.Password))
            {
                logger.LogInformation("Account {UserName} has no password configured: not created", name);
                continue;
            }

            var user = await users.FindByNameAsync(name);
            if (user is null)
            {
                // The user name doubles as the id (sub), so the demo's customer ids read "ada" and "bob".
                user = new IdentityUser(name) { Id = name, Email = account.Email, EmailConfirmed = true };
                Check(await users.CreateAsync(user, account.Password), $"account {name}");
            }
            else if (!await users.CheckPasswordAsync(user, account.Password))
            {
                // The environment is the source of truth: a changed password takes effect at the next start.
                Check(await users.RemovePasswordAsync(user), $"account {name}");
                Check(await users.AddPasswordAsync(user, account.Password), $"account {name}");
            }

            if (user.Email != account.Email)
                Check(await users.SetEmailAsync(user, account.Email), $"account {name}");
            var current = await users.GetRolesAsync(user);
            if (!current.SequenceEqual([account.Role]))
            {
                Check(await users.RemoveFromRolesAsync(user, current), $"account {name}");
                Check(await users.AddToRoleAsync(user, account.Role), $"account {name}");
            }

            logger.LogInformation("Account {UserName} ({Role}) is ready", name, account.Role);
        }
    }

    static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not set up {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }

    static async Task Upsert(IOpenIddictApplicationManager applications, OpenIddictApplicationDescriptor descriptor, CancellationToken ct)
    {
        var existing = await applications.FindByClientIdAsync(descriptor.ClientId!, ct);
        if (existing is null)
            await applications.CreateAsync(descriptor, ct);
        else
            await applications.UpdateAsync(existing, descriptor, ct);
    }

    static OpenIddictApplicationDescriptor SwaggerClient(IdentityServerSettings settings)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = SwaggerClientId,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "Swagger UI of the OrderSystem services",
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var scope in OrderSystemScopes.All)
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        foreach (var uri in settings.SwaggerRedirectUris)
            descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        return descriptor;
    }

    static OpenIddictApplicationDescriptor MachineClient(string clientId, MachineClientSettings client)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = client.Secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = $"Machine client {clientId}",
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
        };
        foreach (var scope in client.Scopes)
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        return descriptor;
    }

    static OpenIddictApplicationDescriptor DevelopmentClient()
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = IdentityServerSettings.DevelopmentClientId,
            ClientType = ClientTypes.Public,
            DisplayName = "Development scripts and tests (password grant)",
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.Password, Permissions.Scopes.Email, Permissions.Scopes.Profile },
        };
        foreach (var scope in OrderSystemScopes.All)
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        return descriptor;
    }
}
