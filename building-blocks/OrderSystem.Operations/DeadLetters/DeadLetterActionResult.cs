namespace OrderSystem.Operations.DeadLetters;

/// <summary>What a replay or discard did.</summary>
/// <param name="Action"><c>replay</c> or <c>discard</c>.</param>
/// <param name="Count">How many dead letters it handled.</param>
/// <param name="Items">Which ones: dead-letter id, message id and queue.</param>
public sealed record DeadLetterActionResult(string Action, int Count, IReadOnlyList<DeadLetterActionItem> Items);
