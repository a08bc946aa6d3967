using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.Beneficiaries.Registration;
using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Contracts.Beneficiaries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Beneficiaries.Duplicates;

public sealed record MergeRequest(Guid? MergedId);

/// <param name="Status">merged, or awaiting_other_owner when the other partner has not accepted yet.</param>
public sealed record MergeResponse(Guid SurvivorId, Guid MergedId, string Status);

/// <summary>
/// POST /api/v1/beneficiaries/{survivorId}/merge {"mergedId": …}: retire a record in favour of
/// the survivor. Between two records of the caller, the merge happens at once. Between records of
/// two partners, it needs the pair to have been flagged as likely duplicates under an active
/// data-sharing agreement, and both owners to ask for it: the first gets 202 (awaiting the other),
/// the second's request merges. Any other pair answers 404, as if the other record did not exist.
/// </summary>
public static class MergeApi
{
    public const string Merged = "merged";
    public const string AwaitingOtherOwner = "awaiting_other_owner";

    public static RouteGroupBuilder MapMergeApi(this RouteGroupBuilder api)
    {
        api.MapPost("/{id:guid}/merge", MergeAsync).RequireScope(Scopes.BeneficiariesWrite)
            .WithName("MergeBeneficiaries").WithSummary("Merge a duplicate record into a survivor").WithAuditAction("merge");
        return api;
    }

    public static async Task<Results<Ok<MergeResponse>, Accepted<MergeResponse>, NotFound, ValidationProblem, ProblemHttpResult>> MergeAsync(
        Guid id, MergeRequest request, BeneficiariesDbContext db, ICurrentPartner partner, IServiceScopeFactory scopes, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (request.MergedId is not { } mergedId || mergedId == id)
        {
            return new BuildingBlocks.Http.ValidationErrors().Add("mergedId", "is required and must differ from the survivor.").ToProblem();
        }

        var pair = await db.Beneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).AsNoTracking()
            .Where(b => b.Id == id || b.Id == mergedId).Select(b => new { b.Id, b.PartnerId, b.Status }).ToListAsync(cancellationToken);
        var survivor = pair.FirstOrDefault(b => b.Id == id);
        var merged = pair.FirstOrDefault(b => b.Id == mergedId);
        var caller = partner.PartnerId!;
        if (survivor is null || merged is null || (survivor.PartnerId != caller && merged.PartnerId != caller))
        {
            return TypedResults.NotFound();
        }

        var acrossPartners = survivor.PartnerId != merged.PartnerId;
        if (acrossPartners && !await MayMergeAcrossAsync(db, id, mergedId, survivor.PartnerId, merged.PartnerId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        if (merged.Status != BeneficiaryStatus.Active || survivor.Status != BeneficiaryStatus.Active)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Only active records can be merged",
                detail: "One of the two records is already merged or erased.");
        }

        var now = clock.GetUtcNow();
        if (acrossPartners)
        {
            if (!await db.MergeAcceptances.AnyAsync(a => a.SurvivorId == id && a.MergedId == mergedId && a.PartnerId == caller, cancellationToken))
            {
                db.MergeAcceptances.Add(new MergeAcceptance(id, mergedId, caller, now));
                await db.SaveChangesAsync(cancellationToken);
            }

            var accepted = await db.MergeAcceptances.Where(a => a.SurvivorId == id && a.MergedId == mergedId).Select(a => a.PartnerId).ToListAsync(cancellationToken);
            if (!accepted.Contains(survivor.PartnerId) || !accepted.Contains(merged.PartnerId))
            {
                return TypedResults.Accepted((string?)null, new MergeResponse(id, mergedId, AwaitingOtherOwner));
            }

            // Both owners asked for it: the retired record is changed as the platform's own work.
            await scopes.RunAsSystemAsync(services =>
                RetireAsync(services.GetRequiredService<BeneficiariesDbContext>(), id, mergedId, now, CancellationToken.None));
        }
        else
        {
            await RetireAsync(db, id, mergedId, now, cancellationToken);
        }

        return TypedResults.Ok(new MergeResponse(id, mergedId, Merged));
    }

    private static async Task<bool> MayMergeAcrossAsync(
        BeneficiariesDbContext db, Guid survivorId, Guid mergedId, string survivorOwner, string mergedOwner, CancellationToken cancellationToken)
    {
        // Flagged together, or in one cluster: a new member is flagged against the cluster's
        // representative only, and shares its match key with every other member.
        var keys = await db.Beneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).AsNoTracking()
            .Where(b => b.Id == survivorId || b.Id == mergedId).Select(b => new { b.PersonKey, b.PhoneKey }).ToListAsync(cancellationToken);
        var sameCluster = keys.Count == 2
            && ((keys[0].PersonKey is not null && keys[0].PersonKey == keys[1].PersonKey) || (keys[0].PhoneKey is not null && keys[0].PhoneKey == keys[1].PhoneKey));
        var flagged = sameCluster || await db.DuplicateFlags.AnyAsync(f =>
            (f.BeneficiaryId == mergedId && f.MatchedId == survivorId) || (f.BeneficiaryId == survivorId && f.MatchedId == mergedId), cancellationToken);
        return flagged && (await MatchingPartners.OfAsync(db, mergedOwner, cancellationToken)).Contains(survivorOwner);
    }

    private static async Task RetireAsync(BeneficiariesDbContext db, Guid survivorId, Guid mergedId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var merged = await db.Beneficiaries.SingleAsync(b => b.Id == mergedId, cancellationToken);
        merged.MergeInto(survivorId, now);

        // Records merged earlier into the retired one now point at the survivor directly.
        foreach (var record in await db.Beneficiaries.Where(b => b.MergedIntoId == mergedId).ToListAsync(cancellationToken))
        {
            record.MergeInto(survivorId, now);
        }

        db.AddIntegrationEvent(new BeneficiariesMerged(survivorId, merged.Id, merged.PartnerId, now, merged.Version));
        await db.SaveChangesAsync(cancellationToken);
    }
}
