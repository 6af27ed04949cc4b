using MassTransit;
using MassTransit.Middleware.Rescue;
using MassTransit.Transports;

namespace OrderSystem.Messaging.DeadLetters;

/// <summary>
/// Replaces MassTransit's "skipped" handling: a message no consumer on the queue handles is moved to the same
/// dead-letter queue as faults, with the reason headers, instead of a separate <c>_skipped</c> queue.
/// </summary>
sealed class UnhandledMessageFilter(string queueName, DeadLetterReasonFilter reasons) : IFilter<ReceiveContext>
{
    public void Probe(ProbeContext context) => context.CreateFilterScope("deadLetterUnhandled");

    public async Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
    {
        if (!context.TryGetPayload(out IErrorTransport? transport))
            throw new TransportException(context.InputAddress, "The error transport was not available on the receive context.");

        var types = DeadLetterReasonFilter.ReadMessageTypes(context) ?? "unknown";
        var exception = new UnhandledMessageTypeException($"No consumer on {queueName} handles message type {types}.");
        var exceptionContext = new RescueExceptionReceiveContext(context, exception);
        exceptionContext.ExceptionHeaders.Set(MessageHeaders.Reason, "dead-letter");
        reasons.Describe(exceptionContext, DeadLetterCategories.Unhandled);
        await transport.Send(exceptionContext);

        await next.Send(context);
    }
}
