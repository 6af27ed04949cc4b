using MassTransit;
using OrderSystem.Contracts;

namespace OrderSystem.Tests.BuildingBlocks;

/// <summary>Records each processed <see cref="ProductUpdated"/>; publishes an answer through the consumer outbox.</summary>
public sealed class ProductUpdatedRecorder(TestDbContext db) : IConsumer<ProductUpdated>
{
    public Task Consume(ConsumeContext<ProductUpdated> context)
    {
        db.Consumed.Add(new ConsumedRecord { MessageId = context.MessageId ?? Guid.Empty, Key = context.Message.Sku });
        return Task.CompletedTask;
    }
}
