using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Identity.Persistence;

/// <summary>
/// Identity's database: ASP.NET Core Identity's users and roles, OpenIddict's applications, authorizations, scopes
/// and tokens, and the Data Protection keys that protect the sign-in cookie and the login form's antiforgery token (in
/// the database, so every replica reads what another wrote). No outbox or inbox: Identity publishes and consumes no messages.
/// </summary>
public abstract class IdentityStoreDbContext(DbContextOptions options) : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    /// <summary>The key ring shared by all replicas.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();
    }
}
