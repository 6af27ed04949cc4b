using System.Text.Json;

namespace OrderSystem.Tests.Payment;

/// <summary>MassTransit's serializer writes decimals as JSON strings.</summary>
static class JsonAmounts
{
    public static decimal AsDecimal(this JsonElement element) => element.ValueKind == JsonValueKind.String
        ? decimal.Parse(element.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
        : element.GetDecimal();
}
