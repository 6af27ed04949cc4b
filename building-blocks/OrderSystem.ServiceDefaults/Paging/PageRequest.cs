using System.Globalization;

namespace OrderSystem.ServiceDefaults.Paging;

/// <summary>One page of a list endpoint: <c>page</c> counts from 1, <c>pageSize</c> rows a page.</summary>
/// <param name="Page">1-based page number.</param>
/// <param name="PageSize">Rows on a page.</param>
public sealed record PageRequest(int Page, int PageSize)
{
    /// <summary>Rows on the pages before this one.</summary>
    public int Skip => (Page - 1) * PageSize;

    /// <summary>This page holding <paramref name="items"/>, of <paramref name="totalCount"/> matching items in all.</summary>
    public PaginatedItems<T> ToPage<T>(int totalCount, IReadOnlyList<T> items) => new(Page, PageSize, totalCount, items);

    /// <summary>
    /// Reads the <c>page</c> and <c>pageSize</c> query parameters. They are bound as strings so that anything but a plain
    /// whole number in range ("abc", "1e3", "-1") is a 400 naming the parameter, not a binding failure. The highest page
    /// keeps <see cref="Skip"/> within an <see cref="int"/> (an overflowing OFFSET was a 500 once). Errors are added to
    /// <paramref name="errors"/> under the parameter's name; the defaults stand in for a bad value.
    /// </summary>
    public static PageRequest Parse(string? page, string? pageSize, PageLimits limits, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(errors);
        return new PageRequest(
            ParseNumber(page, "page", 1, limits.MaxPage, errors),
            ParseNumber(pageSize, "pageSize", limits.DefaultPageSize, limits.MaxPageSize, errors));
    }

    static int ParseNumber(string? value, string name, int fallback, int max, IDictionary<string, string[]> errors)
    {
        if (value is null)
            return fallback;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= 1 && parsed <= max)
            return parsed;
        errors[name] = [$"Must be a whole number between 1 and {max}."];
        return fallback;
    }
}
