using System.ComponentModel.DataAnnotations;

namespace OrderSystem.Payment.Features.Charge;

/// <summary>Simulated gateway settings, bound from <c>Payment</c>.</summary>
public sealed class PaymentOptions
{
    public const string SectionName = "Payment";

    /// <summary>
    /// How long the delayed-approval test card waits before it is captured. The default (15 s) is longer than the
    /// saga's default payment timeout (10 s), so the late-approval refund path can be seen.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan DelayedApprovalDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the capture worker looks for due pending payments.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan CapturePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most pending payments captured per poll.</summary>
    [Range(1, 1_000)]
    public int CaptureBatchSize { get; set; } = 50;
}
