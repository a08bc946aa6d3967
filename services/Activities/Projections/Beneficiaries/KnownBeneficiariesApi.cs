using JusticePlatform.Activities.Data;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.Projections.Beneficiaries;

public static class KnownBeneficiariesApi
{
    public static IEndpointRouteBuilder MapKnownBeneficiariesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/activities/beneficiaries").WithTags("Beneficiaries known to Activities");
        api.MapGet("/{id:guid}", GetAsync).RequireScope(Scopes.ActivitiesRead)
            .WithName("GetKnownBeneficiary").WithSummary("What Activities knows of a beneficiary: categories only");
        return app;
    }

    public static async Task<Results<Ok<KnownBeneficiary>, NotFound>> GetAsync(
        Guid id, ActivitiesDbContext db, CancellationToken cancellationToken)
    {
        var known = await db.KnownBeneficiaries.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        return known is null ? TypedResults.NotFound() : TypedResults.Ok(known);
    }
}
