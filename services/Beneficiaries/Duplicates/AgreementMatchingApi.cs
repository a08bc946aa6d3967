using JusticePlatform.Beneficiaries.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Beneficiaries.Duplicates;

/// <param name="State">queued, running, completed, cancelled (the agreement ended first) or failed.</param>
/// <param name="RecordsTotal">The two partners' records held when the agreement was recorded; null until the work starts.</param>
public sealed record AgreementMatchingResponse(
    Guid AgreementId, string State, int RecordsDone, int? RecordsTotal, DateTimeOffset QueuedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    public static AgreementMatchingResponse From(AgreementMatching m) =>
        new(m.AgreementId, m.State, m.RecordsDone, m.RecordsTotal, m.QueuedAt, m.StartedAt, m.FinishedAt);
}

/// <summary>
/// GET …/data-sharing-agreements/{id}/matching: how far the matching of the records the two
/// partners already held has come. For administrators only (the group's scope): it says nothing
/// of what was matched.
/// </summary>
public static class AgreementMatchingApi
{
    public static RouteGroupBuilder MapAgreementMatchingApi(this RouteGroupBuilder api)
    {
        api.MapGet("/{id:guid}/matching", GetAsync).WithName("GetDataSharingAgreementMatching")
            .WithSummary("Follow the matching of the records both partners held when the agreement was recorded");
        return api;
    }

    private static async Task<Results<Ok<AgreementMatchingResponse>, NotFound>> GetAsync(Guid id, BeneficiariesDbContext db, CancellationToken cancellationToken) =>
        await db.AgreementMatchings.AsNoTracking().FirstOrDefaultAsync(m => m.AgreementId == id, cancellationToken) is { } matching
            ? TypedResults.Ok(AgreementMatchingResponse.From(matching))
            : TypedResults.NotFound();
}
