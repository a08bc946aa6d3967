using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.BuildingBlocks.Http;

/// <summary>
/// An update under If-Match, the same in every service: <see cref="Refusal"/> checks the request's
/// If-Match against the record read, and <c>SaveAsync</c>
/// saves the change, refuses it as stale when another writer came between the read and the write,
/// and sends the record's new ETag.
/// </summary>
public static class ConcurrentUpdate
{
    /// <summary>Null when <paramref name="ifMatch"/> matches <paramref name="version"/>; else 428 without it, 412 when stale.</summary>
    public static ProblemHttpResult? Refusal(string? ifMatch, int version, string resource) =>
        string.IsNullOrEmpty(ifMatch) ? ETags.Required(resource)
        : ETags.Matches(ifMatch, version) ? null
        : ETags.Stale(resource);

    /// <summary>
    /// Saves the change; null when it is saved (the answer then carries <paramref name="version"/> as its ETag), else 412 stale,
    /// or <paramref name="conflict"/>'s answer where the race may be about another record than this one.
    /// </summary>
    public static Task<ProblemHttpResult?> SaveAsync(DbContext db, HttpContext http, string resource, int version, CancellationToken cancellationToken,
        Func<DbUpdateConcurrencyException, Task<ProblemHttpResult>>? conflict = null) =>
        SaveAsync(http, resource, version, async () =>
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }, conflict);

    /// <summary>The same with the service's own <paramref name="save"/>, which may refuse the change itself (a locked period, say).</summary>
    public static async Task<ProblemHttpResult?> SaveAsync(HttpContext http, string resource, int version, Func<Task<ProblemHttpResult?>> save,
        Func<DbUpdateConcurrencyException, Task<ProblemHttpResult>>? conflict = null)
    {
        try
        {
            if (await save() is { } refused)
            {
                return refused;
            }
        }
        catch (DbUpdateConcurrencyException lost)
        {
            return conflict is null ? ETags.Stale(resource) : await conflict(lost);
        }

        http.Response.Headers.ETag = ETags.Of(version);
        return null;
    }
}
