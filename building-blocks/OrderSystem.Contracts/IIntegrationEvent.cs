namespace OrderSystem.Contracts;

/// <summary>Every integration event says when the fact happened.</summary>
public interface IIntegrationEvent
{
    /// <summary>When the fact happened (UTC).</summary>
    DateTimeOffset OccurredAt { get; }
}
