using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrderSystem.FaultInjection;

/// <summary>The products of one scenario and their initial stock.</summary>
public sealed record ScenarioProducts(string Plenty, string Other, string Scarce, IReadOnlyDictionary<string, int> Initial);
