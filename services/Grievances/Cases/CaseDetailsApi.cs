using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Grievances.BeneficiaryLinks;
using JusticePlatform.Grievances.Data;
using JusticePlatform.Grievances.Incidents;
using JusticePlatform.Grievances.Protection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Grievances.Cases;

/// <summary>
/// GET /api/v1/grievances/cases/{id}/details: identity, contact and narratives of one of the
/// partner's own cases, for case workers. Its own audited resource, "grievance-case-details", so
/// that every read of survivor data is one audit entry: who (partner and client), which case, when.
/// </summary>
public static class CaseDetailsApi
{
    public const string AuditResource = "grievance-case-details";

    public static IEndpointRouteBuilder MapCaseDetailsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup($"{CasesApi.Prefix}/cases").WithTags("Cases").Audited(AuditResource, sensitiveReads: true)
            .MapGet("/{id:guid}/details", GetAsync).RequireScope(Scopes.GrievancesCasework)
            .WithName("GetCaseDetails").WithSummary("A case's survivor identity, contact and incident narratives (casework scope; every read audited).");
        return app;
    }

    public static async Task<Results<Ok<CaseDetails>, NotFound>> GetAsync(
        Guid id, GrievancesDbContext db, SurvivorDataProtector protector, CancellationToken cancellationToken)
    {
        var grievanceCase = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (grievanceCase is null)
        {
            return TypedResults.NotFound();
        }

        var incidents = await db.Incidents.AsNoTracking().Where(i => i.CaseId == id).OrderBy(i => i.Date).ThenBy(i => i.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(new CaseDetails(
            CaseSummary.From(grievanceCase),
            protector.Unprotect(grievanceCase),
            protector.BeneficiaryIdOf(grievanceCase),
            grievanceCase.AgeAtRegistration,
            grievanceCase.ConsentRecordedBy,
            grievanceCase.ConsentRecordedAt,
            incidents.Select(i => IncidentDetails.From(i, protector)).ToList(),
            grievanceCase.ErasedAt is not null,
            grievanceCase.ErasedAt));
    }
}
