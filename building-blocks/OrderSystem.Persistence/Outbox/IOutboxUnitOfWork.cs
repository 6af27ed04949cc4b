using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Persistence.Outbox;

/// <summary>A consume context whose publishes, sends and schedules go to this DbContext's outbox.</summary>
interface IOutboxUnitOfWork
{
    DbContext DbContext { get; }
}
