using System.Data.Common;
using System.Net.Sockets;

namespace OrderSystem.Messaging.Retry;

/// <summary>
/// The one place that decides whether a consumer failed because infrastructure is unavailable (database down,
/// network cut, dependency timing out) rather than because of the message. Transient failures are retried until the
/// infrastructure is back; everything else follows the normal retry policy and ends in the dead-letter queue.
/// </summary>
/// <remarks>
/// Walks the whole exception chain (inner exceptions and aggregates), because EF Core and MassTransit wrap provider
/// errors. Built in: <see cref="DbException.IsTransient"/> (Npgsql sets it), <see cref="SocketException"/>,
/// <see cref="TimeoutException"/> and HTTP connection failures; building blocks add their own
/// classifiers. Deliberately NOT transient: optimistic concurrency conflicts and unique violations, which the normal
/// quick retries resolve, and <see cref="PermanentMessageException"/>.
/// </remarks>
public sealed class TransientFailures(IEnumerable<ITransientFailureClassifier> classifiers)
{
    readonly ITransientFailureClassifier[] _classifiers = [.. classifiers];

    /// <summary>A classifier with only the built-in rules.</summary>
    public static TransientFailures Default { get; } = new([]);

    /// <summary>True when any exception in the chain of <paramref name="exception"/> is a transient infrastructure failure.</summary>
    public bool IsTransient(Exception exception)
    {
        var pending = new Stack<Exception>();
        pending.Push(exception);
        var seen = 0;
        while (pending.Count > 0 && seen++ < 32)
        {
            var current = pending.Pop();
            if (current is PermanentMessageException)
                return false;
            if (IsTransientLink(current))
                return true;

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                    pending.Push(inner);
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return false;
    }

    bool IsTransientLink(Exception exception) => exception switch
    {
        DbException db when db.IsTransient => true,
        SocketException => true,
        TimeoutException => true,
        HttpRequestException { StatusCode: null } => true,
        _ => _classifiers.Any(c => c.IsTransient(exception)),
    };
}
