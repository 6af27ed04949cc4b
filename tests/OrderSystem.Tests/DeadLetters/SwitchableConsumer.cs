using MassTransit;
using OrderSystem.Contracts;
using OrderSystem.Tests.BuildingBlocks;

namespace OrderSystem.Tests.DeadLetters;

/// <summary>Records each ProductUpdated in the consumer's transaction unless <see cref="ConsumerBehaviour"/> says fail.</summary>
public sealed class SwitchableConsumer(TestDbContext db, ConsumerBehaviour behaviour) : IConsumer<ProductUpdated>
{
    public Task Consume(ConsumeContext<ProductUpdated> context)
    {
        behaviour.Run(context.Message.Sku);
        db.Consumed.Add(new ConsumedRecord { MessageId = context.MessageId ?? Guid.Empty, Key = context.Message.Sku });
        return Task.CompletedTask;
    }
}
