using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace OrderSystem.ServiceDefaults;

/// <summary>The answer to a request turned away for now (429 rate limit, 503 busy): ProblemDetails with <c>Retry-After</c>.</summary>
static class RetryLaterProblem
{
    public static async ValueTask WriteAsync(HttpContext context, int status, string title, string detail, TimeSpan? retryAfter)
    {
        if (retryAfter is { } wait)
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
