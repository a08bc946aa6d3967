using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.BuildingBlocks.Http;

/// <summary>Every list is paged: ?page=1&amp;pageSize=50, at most <see cref="MaxPageSize"/> items a page.</summary>
public sealed record PageRequest(int? Page, int? PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public int Number => Page ?? 1;
    public int Size => PageSize ?? DefaultPageSize;

    public void Validate(ValidationErrors errors, string pageField = "page", string sizeField = "pageSize")
    {
        if (Number < 1)
        {
            errors.Add(pageField, "must be 1 or more.");
        }

        if (Size is < 1 or > MaxPageSize)
        {
            errors.Add(sizeField, $"must be between 1 and {MaxPageSize}.");
        }
    }
}

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, long TotalCount)
{
    public bool HasNextPage => (long)Page * PageSize < TotalCount;
}

public static class PagingExtensions
{
    public static async Task<PagedResult<T>> ToPageAsync<T>(this IQueryable<T> query, PageRequest request, CancellationToken cancellationToken)
    {
        var total = await query.LongCountAsync(cancellationToken);
        var items = await query.Skip((request.Number - 1) * request.Size).Take(request.Size).ToListAsync(cancellationToken);
        return new PagedResult<T>(items, request.Number, request.Size, total);
    }

    public static PagedResult<TOut> Map<TIn, TOut>(this PagedResult<TIn> page, Func<TIn, TOut> map) =>
        new(page.Items.Select(map).ToList(), page.Page, page.PageSize, page.TotalCount);
}
