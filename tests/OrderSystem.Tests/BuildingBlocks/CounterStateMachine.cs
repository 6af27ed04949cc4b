using MassTransit;
using OrderSystem.Contracts;

namespace OrderSystem.Tests.BuildingBlocks;

/// <summary>Increments <see cref="CounterState.Count"/> on every InventoryReserved.</summary>
public sealed class CounterStateMachine : MassTransitStateMachine<CounterState>
{
    public CounterStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => Reserved, e => e.CorrelateById(m => m.Message.OrderId));

        Initially(When(Reserved).Then(Count).TransitionTo(Counting));
        During(Counting, When(Reserved).Then(Count));
    }

    public State Counting { get; private set; } = null!;

    public Event<InventoryReserved> Reserved { get; private set; } = null!;

    static void Count(BehaviorContext<CounterState, InventoryReserved> context)
    {
        context.Saga.Count++;
        context.Saga.MaxRetryAttempt = Math.Max(context.Saga.MaxRetryAttempt, context.GetRetryAttempt());
    }
}
