using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace OrderSystem.ServiceDefaults.LoadShedding;

/// <summary>
/// Serves at most <see cref="LoadSheddingOptions.MaxConcurrentRequests"/> requests at once and answers the rest
/// <c>503</c> with <c>Retry-After</c> once they have waited <see cref="LoadSheddingOptions.QueueTimeout"/>. Without it
/// a restarted Order under clients that retry took more requests than it had database connections; every request, and
/// the readiness check, then waited 15 s for a connection and failed, the clients retried, and it answered nothing for
/// eight minutes. The health probes and the Prometheus scrape are never held back: overload is when they are wanted.
/// </summary>
sealed class LoadSheddingMiddleware(RequestDelegate next, IOptions<LoadSheddingOptions> options)
{
    /// <summary>The turns, a singleton so the container disposes it.</summary>
    internal sealed class Turns(IOptions<LoadSheddingOptions> options) : IDisposable
    {
        public SemaphoreSlim Semaphore { get; } = new(options.Value.MaxConcurrentRequests);

        public void Dispose() => Semaphore.Dispose();
    }

    public async Task InvokeAsync(HttpContext context, Turns turns)
    {
        if (OperationalEndpoints.IsProbeOrScrape(context.Request.Path))
        {
            await next(context);
            return;
        }

        if (!await turns.Semaphore.WaitAsync(options.Value.QueueTimeout, context.RequestAborted))
        {
            await RetryLaterProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Service busy",
                "The service is working on as many requests as it can; retry after the time given in the Retry-After header.",
                TimeSpan.FromSeconds(1));
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            turns.Semaphore.Release();
        }
    }
}
