using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;

namespace OrderSystem.Persistence.Outbox;

/// <summary>Gives every consume context on the endpoint the outbox scheduler (replacing the bus's delayed scheduler).</summary>
sealed class OutboxSchedulerFilter : IFilter<ConsumeContext>
{
    static readonly MessageSchedulerFactory Factory =
        context => new MessageScheduler(new OutboxScheduleMessageProvider(context), context.GetPayload<IBusTopology>());

    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        context.AddOrUpdatePayload<MessageSchedulerContext>(
            () => new ConsumeMessageSchedulerContext(context, Factory),
            _ => new ConsumeMessageSchedulerContext(context, Factory));
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("outboxScheduler");
}
