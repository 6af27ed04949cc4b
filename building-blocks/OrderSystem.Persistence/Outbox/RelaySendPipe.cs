using System.Diagnostics;
using MassTransit;
using MassTransit.Logging;
using MassTransit.Middleware;

namespace OrderSystem.Persistence.Outbox;

/// <summary>
/// MassTransit's <see cref="OutboxMessageSendPipe"/> replays every stored <c>MT-*</c> header, <c>MT-Activity-Id</c>
/// included: the id of the publisher's span, which ended long ago. MassTransit's send activity overwrites it with its own
/// id when the <c>MassTransit</c> source is listened to; when it is not, the stale id would make the consumer a sibling
/// of the relay span instead of its child. This pipe points the header at the current (relay) span instead.
/// </summary>
sealed class RelaySendPipe(OutboxMessage message, Uri destinationAddress) : IPipe<SendContext>
{
    readonly OutboxMessageSendPipe _inner = new(message, destinationAddress);

    public async Task Send(SendContext context)
    {
        await _inner.Send(context);
        context.Headers.Set(DiagnosticHeaders.ActivityId, Activity.Current?.Id);
    }

    public void Probe(ProbeContext context) => _inner.Probe(context);
}
