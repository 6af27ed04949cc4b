using OrderSystem.Persistence;
using OrderSystem.Persistence.Database;
using OrderSystem.Persistence.Sagas;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.BuildingBlocks;

/// <summary>One processed message, written in the consumer's transaction.</summary>
public sealed class ConsumedRecord
{
    public int Id { get; set; }

    public Guid MessageId { get; set; }

    public string Key { get; set; } = "";
}
