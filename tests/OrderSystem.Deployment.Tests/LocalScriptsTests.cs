using System.Text.RegularExpressions;
using AwesomeAssertions;

namespace OrderSystem.Deployment.Tests;

/// <summary>The no-Docker scripts and .env.example stay consistent.</summary>
public sealed partial class LocalScriptsTests
{
    static readonly string[] Scripts = ["deploy/local/lib.sh", "deploy/local/up.sh", "deploy/local/down.sh", "tests/run.sh", ".ci/run"];

    [Fact]
    public void Every_setting_the_scripts_read_is_documented_in_env_example()
    {
        var documented = EnvExample().Keys.ToHashSet();
        var internalNames = new HashSet<string> { "REPO_ROOT", "LOCAL_DIR", "SERVICES", "APPHOST_PROJECT", "BUILD", "ALL", "STATUS", "OUTPUT", "TOTAL", "FAILED", "PASSED",
            "SKIPPED", "TEST_PASSWORD", "PIPESTATUS", "DEBIAN_FRONTEND", "ORDERSYSTEM_DOCKER_COMPOSE", "BASH_SOURCE", "BEGIN", "RESET", "SECONDS",
            "PROCESSES", "BROWSER", "FAULTS", "CHROMIUM_PATH", "BROWSER_STATUS" };

        var used = Scripts.SelectMany(s => VariableReference().Matches(File.ReadAllText(RepositoryRoot.File_(s))).Select(m => m.Groups[1].Value))
            .Where(name => !internalNames.Contains(name) && !name.StartsWith("ORDERSYSTEM_TEST_", StringComparison.Ordinal)
                && !name.StartsWith("ASPNETCORE_", StringComparison.Ordinal))
            .Distinct();

        used.Should().OnlyContain(name => documented.Contains(name), "every setting must be documented in .env.example");
    }

    [Fact]
    public void Every_env_example_setting_has_a_comment_and_no_real_looking_secret()
    {
        var lines = File.ReadAllLines(RepositoryRoot.File_(".env.example"));
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].Contains('=', StringComparison.Ordinal) || lines[i].StartsWith('#'))
                continue;
            var previous = lines.Take(i).Reverse().FirstOrDefault(l => !l.Contains('=', StringComparison.Ordinal) || l.StartsWith('#'));
            previous.Should().NotBeNull().And.StartWith("#", $"'{lines[i]}' needs a comment above it (or above its group)");
            var (key, value) = (lines[i][..lines[i].IndexOf('=', StringComparison.Ordinal)], lines[i][(lines[i].IndexOf('=', StringComparison.Ordinal) + 1)..]);
            if (key.Contains("PASSWORD", StringComparison.Ordinal) || key.Contains("KEY", StringComparison.Ordinal))
                value.Should().MatchRegex("(?i)local-dev-only", $"{key} in .env.example must be obviously a local development value");
        }
    }

    [Fact]
    public void Scripts_fail_fast()
    {
        foreach (var script in Scripts.Where(s => !s.EndsWith("lib.sh", StringComparison.Ordinal)))
            File.ReadAllText(RepositoryRoot.File_(script)).Should().Contain("set -euo pipefail", $"{script} must stop at the first error");
    }

    [Fact]
    public void Ci_runs_exactly_the_readme_test_command()
    {
        File.ReadAllText(RepositoryRoot.File_(".ci/run")).Should().Contain("exec bash tests/run.sh");
        File.ReadAllText(RepositoryRoot.File_("README.md")).Should().Contain("tests/run.sh").And.Contain("deploy/local/up.sh");
    }

    static Dictionary<string, string> EnvExample() => File.ReadAllLines(RepositoryRoot.File_(".env.example"))
        .Where(l => !l.StartsWith('#') && l.Contains('=', StringComparison.Ordinal))
        .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);

    [GeneratedRegex(@"\$\{?([A-Z][A-Z0-9_]+)")]
    private static partial Regex VariableReference();
}
