using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrderSystem.Messaging.DeadLetters;
using RabbitMQ.Client.Exceptions;

namespace OrderSystem.Operations.DeadLetters;

/// <summary>The admin API over the service's dead-letter queues.</summary>
public static class DeadLetterEndpoints
{
    /// <summary>Registers the <see cref="DeadLetterAdmin"/> that <see cref="MapDeadLetters"/>'s handlers use; call it with <c>AddMessaging</c>.</summary>
    public static IHostApplicationBuilder AddDeadLetterAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeadLetterAdmin>();
        return builder;
    }

    /// <summary>
    /// Maps <c>dead-letters</c> under <paramref name="admin"/> (normally <c>/admin</c>, protected by the admin API key):
    /// <list type="bullet">
    /// <item><c>GET queues</c>: depth of each dead-letter queue;</item>
    /// <item><c>GET ?queue=&amp;offset=&amp;limit=</c>: a page of dead letters with reason, type, consumer and time;</item>
    /// <item><c>GET {id}</c>: one dead letter with body and headers (id = dead-letter id or message id);</item>
    /// <item><c>POST {id}/replay</c>, <c>POST replay?queue=</c>: send back to the queue it failed in (same message id);</item>
    /// <item><c>DELETE {id}</c>, <c>DELETE ?queue=</c> or <c>?all=true</c>: discard.</item>
    /// </list>
    /// Every replay and discard is written to the audit log (category <c>OrderSystem.Messaging.DeadLetters.Audit</c>).
    /// </summary>
    /// <returns>The <c>dead-letters</c> group.</returns>
    public static RouteGroupBuilder MapDeadLetters(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/dead-letters").WithTags("Dead letters");

        group.MapGet("/queues", async (DeadLetterBrowser browser, CancellationToken cancellationToken) =>
                await Broker(async () => TypedResults.Ok(await browser.GetDepthsAsync(cancellationToken))))
            .WithName("ListDeadLetterQueues").Produces<IReadOnlyList<DeadLetterQueueDepth>>().ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithSummary("Depth of each of the service's dead-letter queues.");

        group.MapGet("/", async (DeadLetterAdmin deadLetters, ConsumerQueues queues, IOptions<DeadLetterOptions> options, string? queue,
                int? offset, int? limit, CancellationToken cancellationToken) =>
            {
                var maxPageSize = options.Value.MaxPageSize;
                var (from, size) = (offset ?? 0, limit ?? Math.Min(20, maxPageSize));
                if (from < 0 || size < 1 || size > maxPageSize)
                {
                    return (IResult)TypedResults.ValidationProblem(new Dictionary<string, string[]>
                    {
                        ["paging"] = [$"offset must be 0 or more and limit between 1 and {maxPageSize}."],
                    });
                }

                if (!TryResolve(queues, queue, out var consumerQueue, out var unknown))
                    return unknown;
                return await Broker(async () => TypedResults.Ok(await deadLetters.ListAsync(consumerQueue, from, size, cancellationToken)));
            })
            .WithName("ListDeadLetters").Produces<DeadLetterPage>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithSummary("A page of dead letters, optionally of one queue (queue or DLQ name).");

        group.MapGet("/{id}", async (string id, string? queue, DeadLetterAdmin deadLetters, ConsumerQueues queues, CancellationToken cancellationToken) =>
            {
                if (!TryResolve(queues, queue, out var consumerQueue, out var unknown))
                    return unknown;
                return await Broker(async () => await deadLetters.FindAsync(id, consumerQueue, cancellationToken) is { } detail
                    ? TypedResults.Ok(detail)
                    : NotFound(id));
            })
            .WithName("GetDeadLetter").Produces<DeadLetterDetail>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithSummary("One dead letter with its body and headers.");

        group.MapPost("/{id}/replay", OneDeadLetter((deadLetters, id, queue, actor, cancellationToken) =>
                deadLetters.ReplayAsync(id, queue, actor, cancellationToken)))
            .WithName("ReplayDeadLetter").Produces<DeadLetterActionResult>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithSummary("Sends one dead letter back to the queue it failed in, keeping its message id.");

        group.MapPost("/replay", async (string? queue, DeadLetterAdmin deadLetters, ConsumerQueues queues, HttpContext http,
                CancellationToken cancellationToken) =>
            {
                if (!TryResolve(queues, queue, out var consumerQueue, out var unknown))
                    return unknown;
                return await Broker(async () => TypedResults.Ok(await deadLetters.ReplayAllAsync(consumerQueue, Actor(http), cancellationToken)));
            })
            .WithName("ReplayDeadLetters").Produces<DeadLetterActionResult>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithSummary("Sends every dead letter (of one queue, or of all) back to the queue it failed in.");

        group.MapDelete("/{id}", OneDeadLetter((deadLetters, id, queue, actor, cancellationToken) =>
                deadLetters.DiscardAsync(id, queue, actor, cancellationToken)))
            .WithName("DiscardDeadLetter").Produces<DeadLetterActionResult>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithSummary("Deletes one dead letter.");

        group.MapDelete("/", async (string? queue, bool? all, DeadLetterAdmin deadLetters, ConsumerQueues queues, HttpContext http,
                CancellationToken cancellationToken) =>
            {
                if (queue is null && all != true)
                {
                    return (IResult)TypedResults.ValidationProblem(new Dictionary<string, string[]>
                    {
                        ["queue"] = ["Name the queue whose dead letters to discard, or pass all=true to discard every dead letter of the service."],
                    });
                }

                if (!TryResolve(queues, queue, out var consumerQueue, out var unknown))
                    return unknown;
                return await Broker(async () => TypedResults.Ok(await deadLetters.DiscardAllAsync(consumerQueue, Actor(http), cancellationToken)));
            })
            .WithName("DiscardDeadLetters").Produces<DeadLetterActionResult>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithSummary("Deletes every dead letter of one queue (queue=...) or of the service (all=true).");

        return group;
    }

    /// <summary>Who asked: the authenticated name (e.g. the API key's name set by the admin filter), else "admin".</summary>
    static string Actor(HttpContext http) => http.User.Identity?.Name is { Length: > 0 } name ? name : "admin";

    static bool TryResolve(ConsumerQueues queues, string? name, out ConsumerQueue? queue, out IResult notFound)
    {
        notFound = TypedResults.Ok();
        queue = null;
        if (string.IsNullOrEmpty(name))
            return true;
        queue = queues.Find(name);
        if (queue is not null)
            return true;
        notFound = TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown queue",
            detail: $"'{name}' is not a consumer queue (or dead-letter queue) of this service. Known: {string.Join(", ", queues.All.Select(q => q.Queue))}.");
        return false;
    }

    /// <summary>The handler of a replay or discard of one dead letter: resolve the queue, act, 404 when there is no such id.</summary>
    static Delegate OneDeadLetter(
        Func<DeadLetterAdmin, string, ConsumerQueue?, string, CancellationToken, Task<DeadLetterActionResult?>> action) =>
        async (string id, string? queue, DeadLetterAdmin deadLetters, ConsumerQueues queues, HttpContext http,
            CancellationToken cancellationToken) =>
        {
            if (!TryResolve(queues, queue, out var consumerQueue, out var unknown))
                return unknown;
            return await Broker(async () => await action(deadLetters, id, consumerQueue, Actor(http), cancellationToken) is { } result
                ? TypedResults.Ok(result)
                : NotFound(id));
        };

    static ProblemHttpResult NotFound(string id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Unknown dead letter", detail: $"No dead letter with id or message id '{id}' in this service's dead-letter queues.");

    static async Task<IResult> Broker(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception exception) when (exception is BrokerUnreachableException or OperationInterruptedException or AlreadyClosedException
                                              or PublishException or ConnectFailureException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Broker unavailable",
                detail: $"The dead-letter operation could not be completed on RabbitMQ: {exception.Message}. Nothing was acknowledged that was not done.");
        }
    }
}
