namespace OrderSystem.Operations.DeadLetters;

/// <summary>One dead letter handled by a replay or discard.</summary>
/// <param name="Id">The dead letter's id.</param>
/// <param name="MessageId">Its message id.</param>
/// <param name="DeadLetterQueue">The dead-letter queue it was taken from.</param>
/// <param name="Queue">The consumer queue (replay target).</param>
public sealed record DeadLetterActionItem(string Id, string? MessageId, string DeadLetterQueue, string Queue);
