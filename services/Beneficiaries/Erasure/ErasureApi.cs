using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.Beneficiaries.Registration;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Contracts.Beneficiaries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Beneficiaries.Erasure;

/// <summary>
/// POST /api/v1/beneficiaries/{id}/erasure: on the person's request, anonymise the record and
/// tell the other services. Asking again is harmless: it answers the same and publishes nothing.
/// </summary>
public static class ErasureApi
{
    public static RouteGroupBuilder MapErasureApi(this RouteGroupBuilder api)
    {
        api.MapPost("/{id:guid}/erasure", EraseAsync).RequireScope(Scopes.BeneficiariesWrite)
            .WithName("EraseBeneficiary").WithSummary("Erase a person's personal data on their request").WithAuditAction("erase");
        return api;
    }

    public static async Task<Results<NoContent, NotFound>> EraseAsync(
        Guid id, BeneficiariesDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var beneficiary = await db.IncludingShared<Beneficiary>().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (beneficiary is null)
        {
            return TypedResults.NotFound();
        }

        if (beneficiary.Status != BeneficiaryStatus.Erased)
        {
            var now = clock.GetUtcNow();
            beneficiary.Erase(now);
            db.AddIntegrationEvent(new BeneficiaryErased(beneficiary.Id, beneficiary.PartnerId, now, beneficiary.Version));
            // The stored answer to the registration (kept for retries) holds the personal data too.
            await db.ForgetAnswersAboutAsync($"/api/v1/beneficiaries/{beneficiary.Id}", cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.NoContent();
    }
}
