using JusticePlatform.Beneficiaries.Duplicates;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.BuildingBlocks.Places;
using JusticePlatform.BuildingBlocks.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Beneficiaries.Registration;

/// <summary>PUT with optimistic concurrency: If-Match is required (428), and must carry the current ETag (412).</summary>
public static class BeneficiaryUpdate
{
    public static async Task<Results<Ok<BeneficiaryResponse>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, BeneficiaryRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        BeneficiariesDbContext db, MaliGazetteer gazetteer, MatchKeys keys, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(ifMatch))
        {
            return ETags.Required("beneficiary");
        }

        var beneficiary = await db.IncludingShared<Beneficiary>().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (beneficiary is null)
        {
            return TypedResults.NotFound();
        }

        if (ConcurrentUpdate.Refusal(ifMatch, beneficiary.Version, "beneficiary") is { } precondition)
        {
            return precondition;
        }

        if (beneficiary.Status != BeneficiaryStatus.Active)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The beneficiary is {beneficiary.Status}",
                detail: "A merged or erased record cannot be changed.");
        }

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var errors = request.Validate(today, gazetteer);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        gazetteer.TryFindCommune(request.CommunePcode, out var commune);
        beneficiary.Update(request, commune, gazetteer.Version, keys, now);
        db.AddIntegrationEvent(BeneficiaryEvents.Updated(beneficiary));
        if (await ConcurrentUpdate.SaveAsync(db, http, "beneficiary", beneficiary.Version, cancellationToken) is { } notSaved)
        {
            return notSaved;
        }

        return TypedResults.Ok(BeneficiaryResponse.From(beneficiary, today));
    }
}
