namespace OrderSystem.ServiceDefaults.Paging;

/// <summary>One page of a list: the page asked for, how many items match in all, and this page's items.</summary>
/// <typeparam name="T">An item as the list shows it.</typeparam>
/// <param name="Page">1-based page number.</param>
/// <param name="PageSize">Rows on a page.</param>
/// <param name="TotalCount">Items matching the filters, on all pages.</param>
/// <param name="Items">This page's items.</param>
public sealed record PaginatedItems<T>(int Page, int PageSize, int TotalCount, IReadOnlyList<T> Items);
