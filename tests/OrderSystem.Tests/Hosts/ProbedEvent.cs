using System.Text.Json;
using System.Text.Json.Serialization;
using OrderSystem.Messaging;

namespace OrderSystem.Tests.Hosts;

/// <summary>An event as an <see cref="InProcessService{TDbContext}"/>'s probe received it from the service's exchange.</summary>
/// <param name="RoutingKey">The routing key it was published with.</param>
/// <param name="Message">The message inside MassTransit's envelope.</param>
public sealed record ProbedEvent(string RoutingKey, JsonElement Message)
{
    // MassTransit's serializer writes decimals as JSON strings.
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowReadingFromString };

    /// <summary>Whether it was published as a <typeparamref name="TEvent"/> (by its routing key).</summary>
    public bool Is<TEvent>() => RoutingKey == EventRoutes.Of<TEvent>().RoutingKey;

    /// <summary>The message read as the contract <typeparamref name="TEvent"/>.</summary>
    public TEvent As<TEvent>() => Is<TEvent>()
        ? Message.Deserialize<TEvent>(Json)!
        : throw new InvalidOperationException($"A {RoutingKey} event is not a {typeof(TEvent).Name}.");
}
