using MassTransit;

namespace OrderSystem.Messaging;

/// <summary>
/// Names consumer queues <c>&lt;service&gt;.&lt;purpose&gt;</c>, e.g. <c>inventory.order-placed</c> for
/// <c>OrderPlacedConsumer</c> in Inventory, so the management UI shows at a glance whose queue it is.
/// A consumer or saga definition may set its own <c>EndpointName</c> (still prefixed with the service).
/// </summary>
public sealed class ServiceEndpointNameFormatter(string serviceName) : KebabCaseEndpointNameFormatter(false)
{
    /// <summary>The service prefix, e.g. <c>inventory</c>.</summary>
    public string ServiceName { get; } = serviceName;

    public override string SanitizeName(string name)
    {
        var sanitized = base.SanitizeName(name);
        return sanitized.StartsWith(ServiceName + ".", StringComparison.Ordinal) ? sanitized : $"{ServiceName}.{sanitized}";
    }
}
