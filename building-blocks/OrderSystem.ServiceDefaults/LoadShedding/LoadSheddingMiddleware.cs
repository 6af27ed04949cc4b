using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace OrderSystem.ServiceDefaults.LoadShedding;

/// <summary>
/// Serves at most <see cref="LoadSheddingOptions.MaxConcurrentRequests"/> requests at once and answers the rest
/// <c>503</c> with <c>Retry-After</c> once they have waited <see cref="LoadSheddingOptions.QueueTimeout"/>. Without it
/// a restarted Order under clients that retry took more requests than it had database connections; every request, and
/// the readiness check, then waited 15 s for a connection and failed, the clients retried, and it answered nothing for
/// eight minutes. The health probes are never held back.
/// </summary>
sealed class LoadSheddingMiddleware(RequestDelegate next, IOptions<LoadSheddingOptions> options, IProblemDetailsService problems)
{
    /// <summary>The turns, a singleton so the container disposes it.</summary>
    internal sealed class Turns(IOptions<LoadSheddingOptions> options) : IDisposable
    {
        public SemaphoreSlim Semaphore { get; } = new(options.Value.MaxConcurrentRequests);

        public void Dispose() => Semaphore.Dispose();
    }

    public async Task InvokeAsync(HttpContext context, Turns turns)
    {
        if (context.Request.Path.StartsWithSegments("/health"))
        {
            await next(context);
            return;
        }

        if (!await turns.Semaphore.WaitAsync(options.Value.QueueTimeout, context.RequestAborted))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "Service busy",
                    Detail = "The service is working on as many requests as it can; retry after the time given in the Retry-After header.",
                },
            });
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
