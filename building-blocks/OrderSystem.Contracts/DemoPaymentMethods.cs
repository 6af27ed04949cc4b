namespace OrderSystem.Contracts;

/// <summary>
/// The payment methods Payment registers for the demo customers <c>ada</c> and <c>bob</c> when its development setting
/// <c>PaymentMethods:SeedDemoMethods</c> is on (local run and docker compose only), under these fixed ids, so that Order's
/// documented example of <c>POST /orders</c> names a payment method that exists. Never seeded with the default settings.
/// </summary>
public static class DemoPaymentMethods
{
    /// <summary>ada's approving test card (4242 4242 4242 4242): the example of <c>POST /orders</c>.</summary>
    public static readonly Guid AdaApproved = new("ada00000-0000-0000-0000-000000004242");

    /// <summary>ada's declining test card (4000 0000 0000 0002).</summary>
    public static readonly Guid AdaDeclined = new("ada00000-0000-0000-0000-000000000002");

    /// <summary>bob's approving test card (4242 4242 4242 4242).</summary>
    public static readonly Guid BobApproved = new("b0b00000-0000-0000-0000-000000004242");

    /// <summary>bob's declining test card (4000 0000 0000 0002).</summary>
    public static readonly Guid BobDeclined = new("b0b00000-0000-0000-0000-000000000002");
}
