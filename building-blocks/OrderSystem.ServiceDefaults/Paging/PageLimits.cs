namespace OrderSystem.ServiceDefaults.Paging;

/// <summary>What one list endpoint allows: its default and largest page size.</summary>
/// <param name="DefaultPageSize">Rows on a page when the client names no size.</param>
/// <param name="MaxPageSize">Largest page size accepted.</param>
public sealed record PageLimits(int DefaultPageSize, int MaxPageSize)
{
    /// <summary>The limits of the order, payment and notification lists.</summary>
    public static PageLimits Default { get; } = new(20, 100);

    /// <summary>Highest page number: keeps the row offset of the last page within an <see cref="int"/>.</summary>
    public int MaxPage => int.MaxValue / MaxPageSize;
}
