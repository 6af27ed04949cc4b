namespace OrderSystem.Payment.Domain;

/// <summary>What the simulated gateway does with a card.</summary>
public enum CardOutcome
{
    /// <summary>Approved and captured at once.</summary>
    Approve,

    /// <summary>Approved, captured only after <c>Payment:DelayedApprovalDelay</c>.</summary>
    ApproveAfterDelay,

    /// <summary>Refused; see <see cref="CardDecision.DeclineReason"/>.</summary>
    Decline,
}
