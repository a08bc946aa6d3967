using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.BuildingBlocks.Http;

/// <summary>Every list is paged: ?page=1&amp;pageSize=50, at most <see cref="MaxPageSize"/> items a page.</summary>
public sealed record PageRequest(int? Page, int? PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>The last page that can be asked for: its offset, (page - 1) × pageSize, must fit in an int.</summary>
    public const int MaxPage = int.MaxValue / MaxPageSize;

    public int Number => Page ?? 1;
    public int Size => PageSize ?? DefaultPageSize;

    /// <summary>The page a list handler was asked for (<paramref name="paging"/>), and the errors refusing it, to which the handler adds its own.</summary>
    public static ValidationErrors Validate(int? page, int? pageSize, out PageRequest paging)
    {
        paging = new PageRequest(page, pageSize);
        var errors = new ValidationErrors();
        paging.Validate(errors);
        return errors;
    }

    public void Validate(ValidationErrors errors, string pageField = "page", string sizeField = "pageSize")
    {
        if (Number is < 1 or > MaxPage)
        {
            errors.Add(pageField, $"must be between 1 and {MaxPage}.");
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
        var offset = (int)Math.Min(int.MaxValue, Math.Max(0L, ((long)request.Number - 1) * request.Size));
        var items = await query.Skip(offset).Take(request.Size).ToListAsync(cancellationToken);
        return new PagedResult<T>(items, request.Number, request.Size, total);
    }

    public static PagedResult<TOut> Map<TIn, TOut>(this PagedResult<TIn> page, Func<TIn, TOut> map) =>
        new(page.Items.Select(map).ToList(), page.Page, page.PageSize, page.TotalCount);
}
