namespace OrderSystem.FaultInjection;

/// <summary>The products of one scenario and their initial stock.</summary>
public sealed record ScenarioProducts(string Plenty, string Other, string Scarce, IReadOnlyDictionary<string, int> Initial);
