namespace OrderSystem.Operations.DeadLetters;

/// <summary>A page of dead letters across the service's dead-letter queues.</summary>
/// <param name="Items">The dead letters on this page.</param>
/// <param name="Offset">Index of the first item.</param>
/// <param name="Limit">Requested page size.</param>
/// <param name="Total">Dead letters in the queues listed.</param>
public sealed record DeadLetterPage(IReadOnlyList<DeadLetterSummary> Items, int Offset, int Limit, long Total);
