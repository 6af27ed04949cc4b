namespace OrderSystem.ServiceDefaults;

/// <summary>The rule that names the schemas of the OpenAPI documents.</summary>
public static class OpenApiSchemaIds
{
    /// <summary>
    /// A schema id unique per type: declaring types and generic arguments included, namespace left out
    /// (<c>PlaceOrder.Response</c> → <c>PlaceOrderResponse</c>, <c>Page&lt;Item&gt;</c> → <c>PageOfItem</c>).
    /// </summary>
    /// <param name="type">The type a schema describes.</param>
    /// <returns>The schema id.</returns>
    public static string For(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var name = type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;
        if (type.IsGenericType)
            name += "Of" + string.Concat(type.GetGenericArguments().Select(For));
        return type.DeclaringType is { } outer ? For(outer) + name : name;
    }
}
