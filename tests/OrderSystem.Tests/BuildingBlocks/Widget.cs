using OrderSystem.Persistence;
using OrderSystem.Persistence.Database;
using OrderSystem.Persistence.Sagas;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.BuildingBlocks;

/// <summary>A state change made together with a publish.</summary>
public sealed class Widget
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";
}
