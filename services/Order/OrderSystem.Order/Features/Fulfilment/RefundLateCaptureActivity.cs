using MassTransit;
using OrderSystem.Contracts;

namespace OrderSystem.Order.Features.Fulfilment;

/// <summary>
/// A capture that arrives once the order was given up (compensating or cancelled): the payment request was already out,
/// so the money goes back. Asked once: a refund already requested covers it.
/// </summary>
public sealed class RefundLateCaptureActivity(TimeProvider clock) : IStateMachineActivity<OrderState, PaymentCaptured>
{
    /// <inheritdoc />
    public async Task Execute(BehaviorContext<OrderState, PaymentCaptured> context, IBehavior<OrderState, PaymentCaptured> next)
    {
        if (!context.Saga.RefundRequested)
        {
            await context.RecordOnOrder(nameof(PaymentCaptured), "Captured after cancellation; refunding");
            await OrderStateMachine.RequestRefund(context, context.Saga.CancellationReason ?? "Order cancelled", clock);
        }

        await next.Execute(context);
    }

    /// <inheritdoc />
    public Task Faulted<TException>(BehaviorExceptionContext<OrderState, PaymentCaptured, TException> context,
        IBehavior<OrderState, PaymentCaptured> next)
        where TException : Exception => next.Faulted(context);

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateScope("refund-late-capture");

    /// <inheritdoc />
    public void Accept(StateMachineVisitor visitor) => visitor.Visit(this);
}
