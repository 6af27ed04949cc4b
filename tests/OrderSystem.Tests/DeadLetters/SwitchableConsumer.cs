using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderSystem.Contracts;
using OrderSystem.Messaging;
using OrderSystem.Messaging.DeadLetters;
using OrderSystem.Operations.DeadLetters;
using OrderSystem.Persistence;
using OrderSystem.Persistence.Database;
using OrderSystem.Tests.BuildingBlocks;
using OrderSystem.ServiceDefaults;
using OrderSystem.Tests.Support;

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
