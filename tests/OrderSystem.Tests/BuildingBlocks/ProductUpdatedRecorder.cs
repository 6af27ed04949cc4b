using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderSystem.Contracts;
using OrderSystem.Messaging;
using OrderSystem.Persistence;
using OrderSystem.Persistence.Database;
using OrderSystem.Persistence.Sagas;
using OrderSystem.Tests.Support;

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
