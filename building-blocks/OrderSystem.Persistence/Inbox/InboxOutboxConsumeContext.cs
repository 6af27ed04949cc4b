using MassTransit;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Persistence.Outbox;

namespace OrderSystem.Persistence.Inbox;

/// <summary>The consume context seen by a consumer: publishes and sends are written to the outbox tables.</summary>
sealed class InboxOutboxConsumeContext<TMessage> : OutboxConsumeContextProxy<TMessage>, IOutboxUnitOfWork
    where TMessage : class
{
    readonly DbContext _dbContext;
    readonly bool _isMessageConsumed;
    readonly OutboxTransactionCursor _cursor;

    public InboxOutboxConsumeContext(ConsumeContext<TMessage> context, OutboxConsumeOptions options, IServiceProvider provider,
        DbContext dbContext, bool isMessageConsumed)
        : base(context, options, provider)
    {
        _dbContext = dbContext;
        _isMessageConsumed = isMessageConsumed;
        // One outbox transaction for everything the consumer publishes, even if it saves in between: one commit, one order.
        _cursor = new OutboxTransactionCursor(dbContext, newTransactionAfterSave: false);
    }

    public DbContext DbContext => _dbContext;

    public override bool ContinueProcessing { get; set; } = true;

    public override bool IsMessageConsumed => _isMessageConsumed;

    // Delivery belongs to the relay, so from the pipe's point of view a consumed message is also delivered.
    public override bool IsOutboxDelivered => _isMessageConsumed;

    public override int ReceiveCount => 1;

    public override long? LastSequenceNumber => null;

    // The inbox row was written when the message was claimed; committing the transaction is what marks it consumed.
    public override Task SetConsumed() => Task.CompletedTask;

    public override Task SetDelivered() => Task.CompletedTask;

    public override Task<List<OutboxMessageContext>> LoadOutboxMessages() => Task.FromResult(new List<OutboxMessageContext>());

    public override Task NotifyOutboxMessageDelivered(OutboxMessageContext message) => Task.CompletedTask;

    public override Task RemoveOutboxMessages() => Task.CompletedTask;

    public override Task AddSend<T>(SendContext<T> context)
    {
        OutboxWriter.Add(_dbContext, context, _cursor);
        return Task.CompletedTask;
    }
}
