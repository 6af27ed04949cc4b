using System.Net.Sockets;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderSystem.Messaging;
using OrderSystem.Messaging.Retry;

namespace OrderSystem.Tests.DeadLetters;

/// <summary>The one classifier that separates outages (wait) from failures of the message (retry, then dead-letter).</summary>
public sealed class TransientFailuresTests
{
    readonly TransientFailures _transient = TransientFailures.Default;

    [Fact]
    public void Connection_failures_wrapped_by_EF_Core_are_transient()
    {
        _transient.IsTransient(new DbUpdateException("save failed", new NpgsqlException("Failed to connect", new SocketException(111)))).Should().BeTrue();
        _transient.IsTransient(new InvalidOperationException("likely due to a transient failure", new NpgsqlException("read", new TimeoutException())))
            .Should().BeTrue();
        _transient.IsTransient(new AggregateException(new ArgumentException("x"), new TimeoutException())).Should().BeTrue();
    }

    [Fact]
    public void Conflicts_unique_violations_bugs_and_permanent_errors_are_not_transient()
    {
        _transient.IsTransient(new DbUpdateConcurrencyException("conflict")).Should().BeFalse();
        _transient.IsTransient(new DbUpdateException("dup", new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)))
            .Should().BeFalse();
        _transient.IsTransient(new InvalidOperationException("bug")).Should().BeFalse();
        _transient.IsTransient(new PermanentMessageException("bad", new TimeoutException())).Should().BeFalse();
    }
}
