namespace OrderSystem.Benchmarks;

/// <summary>How an order ended, as seen on the <c>order</c> topic exchange.</summary>
enum OrderOutcome
{
    Confirmed,
    Cancelled,
}
