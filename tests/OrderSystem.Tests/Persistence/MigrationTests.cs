using System.Reflection;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using OrderSystem.Persistence.Outbox;

namespace OrderSystem.Tests.Persistence;

/// <summary>
/// What can be checked of both providers without their servers: every service's model matches its migrations, and the
/// SQL Server migrations script the outbox, inbox and saga tables. (SQL Server itself cannot run on this machine.)
/// </summary>
public sealed class MigrationTests
{
    static readonly Assembly[] ServiceAssemblies =
    [
        typeof(OrderSystem.Order.Persistence.OrderDbContext).Assembly,
        typeof(OrderSystem.Inventory.Persistence.InventoryDbContext).Assembly,
        typeof(OrderSystem.Payment.Persistence.PaymentDbContext).Assembly,
        typeof(OrderSystem.Notification.Persistence.NotificationDbContext).Assembly,
    ];

    public static TheoryData<string> DesignTimeFactories()
    {
        var data = new TheoryData<string>();
        foreach (var type in ServiceAssemblies.SelectMany(a => a.GetTypes()).Where(IsFactory))
            data.Add(type.AssemblyQualifiedName!);
        return data;
    }

    /// <summary>Identity's design-time factories: its own tables (users, OpenIddict), no outbox or inbox.</summary>
    public static TheoryData<string> IdentityFactories()
    {
        var data = new TheoryData<string>();
        foreach (var type in typeof(OrderSystem.Identity.Persistence.IdentityStoreDbContext).Assembly.GetTypes().Where(IsFactory))
            data.Add(type.AssemblyQualifiedName!);
        return data;
    }

    [Theory]
    [MemberData(nameof(IdentityFactories))]
    public void Identity_model_has_no_changes_missing_from_its_migrations_and_scripts_the_user_and_openiddict_tables(string factoryType)
    {
        using var context = Create(factoryType);
        context.Database.HasPendingModelChanges().Should().BeFalse($"{context.GetType().Name} must be migrated: run dotnet ef migrations add");
        var script = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        script.Should().Contain("AspNetUsers").And.Contain("OpenIddictApplications").And.Contain("OpenIddictTokens");
    }

    static bool IsFactory(Type type) => !type.IsAbstract && type.GetInterfaces().Any(i =>
        i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDesignTimeDbContextFactory<>));

    internal static DbContext Create(string factoryType)
    {
        var factory = Activator.CreateInstance(Type.GetType(factoryType)!, nonPublic: true)!;
        return (DbContext)factory.GetType().GetMethod("CreateDbContext")!.Invoke(factory, [Array.Empty<string>()])!;
    }

    [Theory]
    [MemberData(nameof(DesignTimeFactories))]
    public void Model_has_no_changes_missing_from_the_migrations(string factoryType)
    {
        using var context = Create(factoryType);
        context.Database.GetMigrations().Should().NotBeEmpty();
        context.Database.HasPendingModelChanges().Should().BeFalse($"{context.GetType().Name} must be migrated: run dotnet ef migrations add");
    }

    [Theory]
    [MemberData(nameof(DesignTimeFactories))]
    public void Idempotent_script_creates_the_outbox_and_inbox_tables(string factoryType)
    {
        using var context = Create(factoryType);
        var script = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        script.Should().Contain("OutboxMessages").And.Contain("OutboxTransactions").And.Contain("InboxMessages");
        if (context.Database.ProviderName!.Contains("SqlServer", StringComparison.Ordinal))
            script.Should().Contain("SELECT * FROM [__EFMigrationsHistory]", "the SQL Server script checks each migration, so it is safe to re-run");
        if (context is OrderSystem.Order.Persistence.OrderDbContext)
            script.Should().Contain("OrderSagas");
    }

    [Fact]
    public void Sql_server_relay_claims_rows_with_update_lock_skipping_locked_rows()
    {
        using var context = Create(typeof(OrderSystem.Order.Persistence.OrderDbContext).Assembly.GetTypes()
            .Single(t => IsFactory(t) && t.Name.StartsWith("SqlServer", StringComparison.Ordinal)).AssemblyQualifiedName!);

        var statements = OutboxStatements.For(context);
        statements.ClaimMessages.Should().Be(
            "SELECT m.* FROM [OutboxMessages] AS m WHERE m.[OutboxId] IN (SELECT TOP ({0}) t.[OutboxId] FROM [OutboxTransactions] AS t WITH (UPDLOCK, ROWLOCK, READPAST) WHERE t.[AvailableAt] <= {1} AND EXISTS (SELECT 1 FROM [OutboxMessages] AS x WHERE x.[OutboxId] = t.[OutboxId]) ORDER BY t.[AvailableAt]) ORDER BY m.[OutboxId], m.[Position]");
        statements.DeleteTransactions.Should().Contain("OPENJSON({0})");
        statements.IdsParameter([Guid.Empty]).Should().Be("[\"00000000-0000-0000-0000-000000000000\"]");
    }

    [Fact]
    public void Postgres_relay_claims_rows_with_skip_locked()
    {
        using var context = Create(typeof(OrderSystem.Order.Persistence.OrderDbContext).Assembly.GetTypes()
            .Single(t => IsFactory(t) && t.Name.StartsWith("Postgres", StringComparison.Ordinal)).AssemblyQualifiedName!);

        var statements = OutboxStatements.For(context);
        statements.ClaimMessages.Should().Be(
            "SELECT m.* FROM \"OutboxMessages\" AS m WHERE m.\"OutboxId\" IN (SELECT t.\"OutboxId\" FROM \"OutboxTransactions\" AS t WHERE t.\"AvailableAt\" <= {1} AND EXISTS (SELECT 1 FROM \"OutboxMessages\" AS x WHERE x.\"OutboxId\" = t.\"OutboxId\") ORDER BY t.\"AvailableAt\" LIMIT {0} FOR UPDATE SKIP LOCKED) ORDER BY m.\"OutboxId\", m.\"Position\"");
        statements.DeleteTransactions.Should().Be("DELETE FROM \"OutboxTransactions\" WHERE \"OutboxId\" = ANY({0}); DELETE FROM \"OutboxMessages\" WHERE \"OutboxId\" = ANY({0})");
    }
}
