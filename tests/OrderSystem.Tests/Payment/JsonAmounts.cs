using OrderSystem.ServiceDefaults.Paging;
using System.Net.Http.Json;
using System.Text.Json;
using AwesomeAssertions;
using OrderSystem.Tests.Support;
using OrderSystem.Contracts;
using OrderSystem.Payment.Domain;
using OrderSystem.Payment.Features.ListPayments;
using OrderSystem.Payment.Persistence;

namespace OrderSystem.Tests.Payment;

/// <summary>MassTransit's serializer writes decimals as JSON strings.</summary>
static class JsonAmounts
{
    public static decimal AsDecimal(this JsonElement element) => element.ValueKind == JsonValueKind.String
        ? decimal.Parse(element.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
        : element.GetDecimal();
}
