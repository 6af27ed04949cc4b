namespace OrderSystem.Contracts;

/// <summary>
/// Order started and wants the whole catalogue again (a new replica, a new database, events missed while its queue did
/// not exist yet). Inventory answers by publishing <see cref="ProductUpdated"/> for every product; older versions are ignored.
/// </summary>
[EventRoute(Exchanges.Order, "order.catalogue-sync-requested")]
public sealed record CatalogueSyncRequested(string RequestedBy, DateTimeOffset OccurredAt) : IIntegrationEvent;
