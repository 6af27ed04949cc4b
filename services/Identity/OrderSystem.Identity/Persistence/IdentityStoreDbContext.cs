using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Identity.Persistence;

/// <summary>
/// Identity's database: ASP.NET Core Identity's users and roles, and OpenIddict's applications, authorizations, scopes
/// and tokens. No outbox or inbox: Identity publishes and consumes no messages.
/// </summary>
public abstract class IdentityStoreDbContext(DbContextOptions options) : IdentityDbContext<IdentityUser>(options)
{
    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();
    }
}
