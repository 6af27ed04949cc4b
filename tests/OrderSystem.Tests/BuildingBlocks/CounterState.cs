using MassTransit;
using OrderSystem.Persistence.Database;
using OrderSystem.Persistence.Sagas;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.BuildingBlocks;

/// <summary>Counts events per correlation id; concurrent events for one instance collide and are retried.</summary>
public sealed class CounterState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }

    public int Version { get; set; }

    public string CurrentState { get; set; } = "";

    public int Count { get; set; }

    public int MaxRetryAttempt { get; set; }
}
