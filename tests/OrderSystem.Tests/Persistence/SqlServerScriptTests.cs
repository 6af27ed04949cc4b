using System.Text.RegularExpressions;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using OrderSystem.Persistence.Database;
using OrderSystem.Persistence.Inbox;
using OrderSystem.Persistence.Outbox;

namespace OrderSystem.Tests.Persistence;

/// <summary>
/// SQL Server cannot run here, but its grammar can: every statement of the SQL Server dialect and every service's idempotent
/// migration script are parsed with Microsoft's T-SQL parser for SQL Server 2022 (<see cref="TSql160Parser"/>).
/// This proves syntax only; what the statements do on a server is proven on PostgreSQL and reasoned for SQL Server.
/// </summary>
public sealed partial class SqlServerScriptTests
{
    public static TheoryData<string> SqlServerFactories()
    {
        var data = new TheoryData<string>();
        foreach (var factory in MigrationTests.DesignTimeFactories().Select(row => (string)row.Data).Where(f => f.Contains(".SqlServer", StringComparison.Ordinal)))
            data.Add(factory);
        return data;
    }

    [Theory]
    [MemberData(nameof(SqlServerFactories))]
    public void Idempotent_migration_script_parses_as_sql_server_2022(string factoryType)
    {
        using var context = Create(factoryType);
        var script = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Parse(script).Should().BeEmpty($"{context.GetType().Name}'s script must parse");
        script.Should().Contain("SET READ_COMMITTED_SNAPSHOT ON", "readers must not wait for writers on SQL Server");
    }

    [Theory]
    [MemberData(nameof(SqlServerFactories))]
    public void Dialect_statements_parse_as_sql_server_2022(string factoryType)
    {
        using var context = Create(factoryType);
        var outbox = OutboxStatements.For(context);
        var inbox = InboxStatements.Cached(context);
        var dialect = DatabaseDialect.For(context);
        var outboxTable = ModelTable.Of<OutboxTransaction>(context);

        string[] statements =
        [
            outbox.ClaimMessages,
            outbox.DeleteTransactions,
            inbox.DeleteExpiredBatch,
            inbox.Claim,
            dialect.LockRowsInKeyOrder(outboxTable.Name, outboxTable.Column(nameof(OutboxTransaction.OutboxId)), 3),
        ];
        foreach (var statement in statements)
            Parse(WithParameters(statement)).Should().BeEmpty(statement);

        outbox.DeleteTransactions.IndexOf("[OutboxTransactions]", StringComparison.Ordinal)
            .Should().BeLessThan(outbox.DeleteTransactions.IndexOf("[OutboxMessages]", StringComparison.Ordinal), "the row the relay locks goes first");
    }

    [Fact]
    public void The_parser_rejects_what_sql_server_rejects() =>
        Parse("SELECT * FROM [OutboxMessages] LIMIT 10 FOR UPDATE SKIP LOCKED").Should().NotBeEmpty("PostgreSQL syntax is no T-SQL");

    static DbContext Create(string factoryType)
    {
        var factory = Activator.CreateInstance(Type.GetType(factoryType)!, nonPublic: true)!;
        return (DbContext)factory.GetType().GetMethod(nameof(IDesignTimeDbContextFactory<DbContext>.CreateDbContext))!.Invoke(factory, [Array.Empty<string>()])!;
    }

    /// <summary>EF Core's <c>{0}</c> placeholders become the <c>@p0</c> parameters it sends.</summary>
    static string WithParameters(string statement) => Placeholder().Replace(statement, m => $"@p{m.Groups[1].Value}");

    static List<string> Parse(string script)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        parser.Parse(reader, out var errors);
        return errors.Select(e => $"line {e.Line}: {e.Message}").ToList();
    }

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();
}
