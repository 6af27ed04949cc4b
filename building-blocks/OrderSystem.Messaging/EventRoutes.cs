using System.Collections.Frozen;
using System.Reflection;
using OrderSystem.Contracts;

namespace OrderSystem.Messaging;

/// <summary>Looks up the exchange and routing key declared on each integration event with <see cref="EventRouteAttribute"/>.</summary>
public static class EventRoutes
{
    static readonly FrozenDictionary<Type, EventRouteAttribute> Routes = typeof(EventRouteAttribute).Assembly
        .GetTypes()
        .Select(type => (type, route: type.GetCustomAttribute<EventRouteAttribute>()))
        .Where(x => x.route is not null)
        .ToFrozenDictionary(x => x.type, x => x.route!);

    /// <summary>Every event type with a declared route.</summary>
    public static IReadOnlyCollection<Type> EventTypes => Routes.Keys;

    /// <summary>The route of <paramref name="eventType"/>, or null when it has none (e.g. a scheduled or internal message).</summary>
    public static EventRouteAttribute? Find(Type eventType) => Routes.GetValueOrDefault(eventType);

    /// <summary>The route of <typeparamref name="TEvent"/>; throws when the event has none.</summary>
    public static EventRouteAttribute Of<TEvent>() => Find(typeof(TEvent))
        ?? throw new InvalidOperationException($"{typeof(TEvent).Name} has no [EventRoute].");
}
