using MassTransit;
using MassTransit.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Persistence.Outbox;

/// <summary>
/// Scheduled sends (saga timeouts) as delayed outbox transactions whose id is the schedule's token, so that cancelling
/// the schedule deletes the message in the consumer's own transaction instead of delivering it to be ignored.
/// A schedule and its cancellation commit with the state change that asked for them.
/// </summary>
sealed class OutboxScheduleMessageProvider(ConsumeContext context) : IScheduleMessageProvider
{
    public async Task<ScheduledMessage<T>> ScheduleSend<T>(Uri destinationAddress, DateTime scheduledTime, T message, IPipe<SendContext<T>> pipe,
        CancellationToken cancellationToken)
        where T : class
    {
        // The token names the outbox transaction (see OutboxWriter), so it must be new for every schedule.
        var tokenId = NewId.NextGuid();
        var schedulePipe = new ScheduleSendPipe<T>(pipe, scheduledTime) { ScheduledMessageId = tokenId };
        var endpoint = await context.GetSendEndpoint(destinationAddress).ConfigureAwait(false);
        await endpoint.Send(message, schedulePipe, cancellationToken).ConfigureAwait(false);
        return new ScheduledMessageHandle<T>(tokenId, scheduledTime, destinationAddress, message);
    }

    public Task CancelScheduledSend(Guid tokenId, CancellationToken cancellationToken) => Cancel(tokenId, cancellationToken);

    public Task CancelScheduledSend(Uri destinationAddress, Guid tokenId, CancellationToken cancellationToken) => Cancel(tokenId, cancellationToken);

    async Task Cancel(Guid tokenId, CancellationToken cancellationToken)
    {
        // Outside the inbox/outbox (no transaction of ours) there is nothing to cancel: the message is ignored when it arrives.
        if (context is not IOutboxUnitOfWork { DbContext: var dbContext })
            return;

        // Scheduled in this same unit of work: forget the rows before they are written.
        var tracked = dbContext.ChangeTracker.Entries<OutboxTransaction>().FirstOrDefault(e => e.Entity.OutboxId == tokenId);
        if (tracked is not null)
        {
            foreach (var message in dbContext.ChangeTracker.Entries<OutboxMessage>().Where(e => e.Entity.OutboxId == tokenId).ToList())
                message.State = EntityState.Detached;
            tracked.State = EntityState.Detached;
            return;
        }

        // Already committed: delete it with the state change. If a relay has claimed it right now, this statement's first
        // delete (the transaction row, the one the relay locked) waits for the relay's commit and then deletes nothing;
        // the saga ignores the delivered timeout by its token. The relay deletes with the same statement, in the same lock
        // order, so the two never deadlock (OutboxStatements.DeleteTransactions).
        var statements = OutboxStatements.Cached(dbContext);
        await dbContext.Database.ExecuteSqlRawAsync(statements.DeleteTransactions, [statements.IdsParameter([tokenId])], cancellationToken)
            .ConfigureAwait(false);
    }
}
