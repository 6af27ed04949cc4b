using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OrderSystem.Benchmarks;

/// <summary>How an order ended, as seen on the <c>order</c> topic exchange.</summary>
enum OrderOutcome
{
    Confirmed,
    Cancelled,
}
