namespace OrderSystem.Payment.Domain;

/// <summary>The gateway's answer for one card number.</summary>
/// <param name="Outcome">Approve, approve later or decline.</param>
/// <param name="DeclineReason">Why it was declined; null unless <see cref="CardOutcome.Decline"/>.</param>
public sealed record CardDecision(CardOutcome Outcome, string? DeclineReason = null);
