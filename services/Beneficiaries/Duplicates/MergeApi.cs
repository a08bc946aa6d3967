using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.Beneficiaries.Registration;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Contracts.Beneficiaries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Beneficiaries.Duplicates;

public sealed record MergeRequest(Guid? MergedId);

public sealed record MergeResponse(Guid SurvivorId, Guid MergedId);

/// <summary>
/// POST /api/v1/beneficiaries/{survivorId}/merge {"mergedId": …}: the caller retires its own
/// record in favour of the survivor. The survivor may belong to another partner only when the
/// two were flagged as likely duplicates, so no one can point records at arbitrary ids.
/// </summary>
public static class MergeApi
{
    public static RouteGroupBuilder MapMergeApi(this RouteGroupBuilder api)
    {
        api.MapPost("/{id:guid}/merge", MergeAsync).RequireScope(Scopes.BeneficiariesWrite);
        return api;
    }

    public static async Task<Results<Ok<MergeResponse>, NotFound, ValidationProblem, ProblemHttpResult>> MergeAsync(
        Guid id, MergeRequest request, BeneficiariesDbContext db, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.MergedId is not { } mergedId || mergedId == id)
        {
            return new BuildingBlocks.Http.ValidationErrors().Add("mergedId", "is required and must differ from the survivor.").ToProblem();
        }

        // The retired record must be the caller's own: the ownership filter applies.
        var merged = await db.Beneficiaries.FirstOrDefaultAsync(b => b.Id == mergedId, cancellationToken);
        var survivor = await db.Beneficiaries.IgnoreQueryFilters().AsNoTracking()
            .Where(b => b.Id == id).Select(b => new { b.Id, b.PartnerId, b.Status }).FirstOrDefaultAsync(cancellationToken);
        var flagged = await db.DuplicateFlags.AnyAsync(f =>
            (f.BeneficiaryId == mergedId && f.MatchedId == id) || (f.BeneficiaryId == id && f.MatchedId == mergedId), cancellationToken);
        if (merged is null || survivor is null || (survivor.PartnerId != partner.PartnerId && !flagged))
        {
            return TypedResults.NotFound();
        }

        if (merged.Status != BeneficiaryStatus.Active || survivor.Status != BeneficiaryStatus.Active)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Only active records can be merged",
                detail: "One of the two records is already merged or erased.");
        }

        var now = clock.GetUtcNow();
        merged.MergeInto(survivor.Id, now);

        // Records merged earlier into the retired one now point at the survivor directly.
        var earlier = await db.Beneficiaries.Where(b => b.MergedIntoId == mergedId).ToListAsync(cancellationToken);
        foreach (var record in earlier)
        {
            record.MergeInto(survivor.Id, now);
        }

        db.AddIntegrationEvent(new BeneficiariesMerged(survivor.Id, merged.Id, merged.PartnerId, now, merged.Version));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new MergeResponse(survivor.Id, merged.Id));
    }
}
