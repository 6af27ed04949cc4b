using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrderSystem.ServiceDefaults;

/// <summary>ProblemDetails, JSON and request limits shared by every service.</summary>
internal static class HttpDefaultsExtensions
{
    public static IServiceCollection AddHttpDefaults(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Title ??= problem.Status is { } status ? ReasonPhrases.GetReasonPhrase(status) : null;
            problem.Instance ??= context.HttpContext.Request.Path;
            if (problem.Status == StatusCodes.Status413PayloadTooLarge && problem.Detail is null)
            {
                var limits = context.HttpContext.RequestServices.GetRequiredService<IOptions<HttpLimitsOptions>>().Value;
                problem.Detail = $"The request body is larger than the limit of {limits.MaxRequestBodyBytes} bytes.";
            }
            // The trace id lets a user's error report be found in the traces and logs.
            problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<BadHttpRequestExceptionHandler>();

        // Binding failures throw BadHttpRequestException in every environment, so the handler above can explain them;
        // the default outside Development is a bare 400 without a body.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        services.ConfigureHttpJsonOptions(options => JsonDefaults.Apply(options.SerializerOptions));
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(options => JsonDefaults.Apply(options.JsonSerializerOptions));

        services.AddValidatedOptions<HttpLimitsOptions>(HttpLimitsOptions.SectionName);
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<HttpLimitsOptions>>((kestrel, limits) =>
                kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes);
        return services;
    }

    public static WebApplication UseHttpDefaults(this WebApplication app)
    {
        // No arguments: both write ProblemDetails through IProblemDetailsService.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
