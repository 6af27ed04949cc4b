using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace OrderSystem.ServiceDefaults;

/// <summary>
/// Turns <see cref="BadHttpRequestException"/> (malformed JSON, missing parameters, body too large, …) into ProblemDetails with
/// the exception's own status code (400, 413, …). These are the client's mistakes, so they must never become 500.
/// </summary>
internal sealed class BadHttpRequestExceptionHandler(IProblemDetailsService problemDetails, ILogger<BadHttpRequestExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        logger.LogInformation("Bad request {Method} {Path}: {StatusCode} {Message}",
            httpContext.Request.Method, httpContext.Request.Path, badRequest.StatusCode, DescribeCause(badRequest));
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Title = ReasonPhrases.GetReasonPhrase(badRequest.StatusCode),
                Detail = DescribeCause(badRequest),
            },
        });
    }

    // The JSON reader's message names the path and position of the bad token, which is what a client needs to fix it.
    private static string DescribeCause(BadHttpRequestException exception) =>
        exception.InnerException is System.Text.Json.JsonException json
            ? $"{exception.Message} {json.Message}"
            : exception.Message;
}
