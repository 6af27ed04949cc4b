using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MassTransit.Middleware;
using OrderSystem.Messaging.DeadLetters;
using OrderSystem.Messaging.Retry;
using OrderSystem.Messaging.Telemetry;

namespace OrderSystem.Messaging;

/// <summary>The one call that connects a service to RabbitMQ with the house conventions.</summary>
public static class MessagingExtensions
{
    const string DeadLetterExchangeArgument = "x-dead-letter-exchange";

    /// <summary>
    /// Adds MassTransit on RabbitMQ: connection from <c>RabbitMq</c> settings with publisher confirms, topic exchanges per
    /// bounded context, queues named <c>&lt;service&gt;.&lt;purpose&gt;</c> bound by routing key, the retry policy from
    /// <c>Messaging:Retry</c>, and a dead-letter queue <c>&lt;queue&gt;.dlq</c> behind every queue.
    /// </summary>
    /// <param name="serviceName">Lower-case service name; prefixes every queue.</param>
    /// <param name="configure">Registers the service's own consumers, sagas and outbox.</param>
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder, string serviceName,
        Action<IBusRegistrationConfigurator> configure)
    {
        builder.Services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => !string.Equals(o.Username, "guest", StringComparison.OrdinalIgnoreCase),
                "The RabbitMQ guest user is not used: give each service its own broker user.")
            .ValidateOnStart();
        builder.Services.AddOptions<RetryOptions>().BindConfiguration(RetryOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => (o.IntervalsMs ?? []).All(ms => ms >= 0), "Messaging:Retry:IntervalsMs must not be negative.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<TransientFailures>();
        builder.AddDeadLetters(serviceName);
        builder.Services.AddMessagingTelemetry();

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new ServiceEndpointNameFormatter(serviceName));
            configure(bus);
            bus.AddConfigureEndpointsCallback((context, queueName, endpoint) => ConfigureEndpoint(context, endpoint, queueName));

            bus.UsingRabbitMq((context, cfg) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                cfg.Host(options.Host, (ushort)options.Port, options.VirtualHost, $"ordersystem-{serviceName}", h =>
                {
                    h.Username(options.Username);
                    h.Password(options.Password);
                    h.PublisherConfirmation = true;
                    h.RequestedConnectionTimeout(TimeSpan.FromSeconds(10));
                });
                // The temporary bus endpoint (responses, per-instance messages) is named <service>.bus.<instance>: the
                // broker user may touch only <service>.* entities, so no service can read or feed another's bus queue.
                cfg.OverrideDefaultBusEndpointQueueName(BusEndpointQueueName(serviceName));
                cfg.PrefetchCount = options.PrefetchCount;
                cfg.ConcurrentMessageLimit = options.ConcurrentMessageLimit;

                TopicTopology.Apply(cfg);
                // Scheduled sends (saga timeouts) carry a delay that the transactional outbox stores and honours;
                // the broker needs no delayed-message plugin.
                cfg.UseDelayedMessageScheduler();
                var deadLetterNames = new DeadLetterQueueNames();
                cfg.SendTopology.ErrorQueueNameFormatter = deadLetterNames;
                cfg.SendTopology.DeadLetterQueueNameFormatter = deadLetterNames;
                // MassTransit copies the source queue's arguments onto the queue it moves messages to. The DLQ must not
                // inherit x-dead-letter-exchange = itself, or a message rejected from the DLQ would cycle back into it.
                cfg.SendTopology.ConfigureErrorSettings = settings => settings.SetQueueArgument(DeadLetterExchangeArgument, null!);
                cfg.SendTopology.ConfigureDeadLetterSettings = settings => settings.SetQueueArgument(DeadLetterExchangeArgument, null!);

                // A message missing a field its contract requires is unreadable (dead-lettered with the reason), not a
                // half-empty object for the consumer to trip over. New fields must therefore come with a default value.
                cfg.ConfigureJsonSerializerOptions(json =>
                {
                    json.RespectRequiredConstructorParameters = true;
                    return json;
                });

                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>
    /// The name of this process's temporary bus endpoint: <c>&lt;service&gt;.bus.&lt;MassTransit's unique temporary name&gt;</c>,
    /// e.g. <c>order.bus.web1_OrderSystemOrder_bus_…</c>; unique per process like MassTransit's default, and inside the
    /// service's own <c>&lt;service&gt;.*</c> namespace of broker permissions.
    /// </summary>
    public static string BusEndpointQueueName(string serviceName) =>
        $"{serviceName}.bus.{DefaultEndpointNameFormatter.GetTemporaryQueueName("bus")}";

    static void ConfigureEndpoint(IServiceProvider services, IReceiveEndpointConfigurator endpoint, string queueName)
    {
        services.GetRequiredService<ConsumerQueues>().Add(queueName);
        var deadLetterQueue = DeadLetterQueueNames.For(queueName);

        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            // Bindings come from the events' declared routes, not from MassTransit's per-type exchanges.
            rabbit.ConfigureConsumeTopology = false;
            var bindings = new TopicBindingObserver(rabbit);
            rabbit.ConnectConsumerConfigurationObserver(bindings);
            rabbit.ConnectSagaConfigurationObserver(bindings);

            // Declares <queue>.dlq (fanout exchange + queue) with the endpoint, so it exists before the first failure, and sets
            // the queue's x-dead-letter-exchange: the management UI shows the relation and broker-side dead-lettering lands there.
            rabbit.BindDeadLetterQueue(deadLetterQueue, deadLetterQueue);
        }

        // The DLQ is the record of a failure; Fault<T> events would only create per-type exchanges nobody consumes.
        endpoint.PublishFaults = false;

        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var metrics = services.GetRequiredService<MessagingMetrics>();
        var reasons = new DeadLetterReasonFilter(queueName, loggerFactory.CreateLogger("OrderSystem.Messaging.DeadLetters"), metrics);
        endpoint.ConfigureError(pipe =>
        {
            pipe.UseFilter(reasons);
            pipe.UseFilter(new GenerateFaultFilter());
            pipe.UseFilter(new ErrorTransportFilter());
        });
        endpoint.ConfigureDeadLetter(pipe => pipe.UseFilter(new UnhandledMessageFilter(queueName, reasons)));

        var retry = services.GetRequiredService<IOptions<RetryOptions>>().Value;
        var transient = services.GetRequiredService<TransientFailures>();
        var retryLogger = loggerFactory.CreateLogger("OrderSystem.Messaging.Retry");
        endpoint.UseMessageRetry(r =>
        {
            r.SetRetryPolicy(filter => new ConsumerRetryPolicy(filter, retry, transient, retryLogger));
            // Known to be permanent: retrying cannot help, the message goes straight to the dead-letter queue.
            r.Ignore<PermanentMessageException>();
            r.Ignore<System.ComponentModel.DataAnnotations.ValidationException>();
            r.Ignore<System.Runtime.Serialization.SerializationException>();
            r.Ignore<System.Text.Json.JsonException>();
            r.Ignore<UnhandledMessageTypeException>();
        });
    }
}
