using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OrderSystem.Messaging.DeadLetters;

/// <summary>What every service gets for its dead-letter queues from <c>AddMessaging</c>: metrics, gauge and health entry.</summary>
static class DeadLetterRegistration
{
    internal static IHostApplicationBuilder AddDeadLetters(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddOptions<DeadLetterOptions>().BindConfiguration(DeadLetterOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Messaging:DeadLetters:PollInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton(new MessagingServiceName(serviceName));
        builder.Services.AddSingleton<ConsumerQueues>();
        builder.Services.AddSingleton<MessagingMetrics>();
        builder.Services.AddSingleton<DeadLetterBrowser>();
        builder.Services.AddSingleton<DeadLetterMonitor>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DeadLetterMonitor>());
        builder.Services.AddHealthChecks().AddCheck<DeadLetterHealthCheck>("dead-letters", tags: ["ready"]);
        return builder;
    }
}
