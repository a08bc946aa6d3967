using JusticePlatform.Funding.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Funding.Grants;

/// <summary>
/// Budget lines and transactions are reached only through their grant: a grant the caller cannot
/// see answers 404 for all of them; one shared with it read-only answers 403 to a write.
/// </summary>
internal static class GrantAccess
{
    public static Task<Grant?> VisibleAsync(FundingDbContext db, Guid grantId, CancellationToken cancellationToken) =>
        db.IncludingShared<Grant>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == grantId, cancellationToken);

    /// <summary>The grant when the caller may change it; otherwise the refusal to answer (404 or 403).</summary>
    public static async Task<(Grant? Grant, IResult? Refusal)> WritableAsync(FundingDbContext db, string partnerId, Guid grantId, CancellationToken cancellationToken)
    {
        var grant = await VisibleAsync(db, grantId, cancellationToken);
        if (grant is null)
        {
            return (null, TypedResults.NotFound());
        }

        return grant.PartnerId == partnerId ? (grant, null) : (null, ReadOnly());
    }

    /// <summary>403 to a write by a partner the grant is shared with read-only.</summary>
    public static ProblemHttpResult ReadOnly() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The grant is shared with you read-only",
            detail: "Only the partner that recorded it changes it.");
}
