using System.ComponentModel.DataAnnotations;

namespace OrderSystem.Order.Features.Fulfilment;

/// <summary>Saga settings, bound from <c>Order:Saga</c>.</summary>
public sealed class OrderSagaOptions
{
    public const string SectionName = "Order:Saga";

    /// <summary>How long to wait for Payment's answer before releasing stock and cancelling.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
