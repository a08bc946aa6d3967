using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Contracts.Grievances;
using JusticePlatform.Grievances.Cases;
using JusticePlatform.Grievances.Data;
using JusticePlatform.Grievances.Protection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Grievances.Incidents;

/// <summary>/api/v1/grievances/cases/{id}/incidents: record an incident of a case, and list them by categories.</summary>
public static class IncidentsApi
{
    public static RouteGroupBuilder MapIncidentsApi(this RouteGroupBuilder cases)
    {
        cases.MapPost("/{id:guid}/incidents", RecordAsync).RequireScope(Scopes.GrievancesCasework).Idempotent()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("RecordIncident").WithSummary("Record an incident of a case; its narrative is encrypted at rest. A monitoredIncidentId must be the partner's own monitored incident not yet linked (else 422); it then counts once, as this incident.");
        cases.MapGet("/{id:guid}/incidents", ListAsync).RequireAnyScope(Scopes.GrievancesRead, Scopes.GrievancesCasework)
            .WithName("ListIncidents").WithSummary("A case's incidents by categories, without narratives.");
        return cases;
    }

    public static async Task<Results<Created<IncidentSummary>, ValidationProblem, NotFound, ProblemHttpResult>> RecordAsync(
        Guid id, IncidentRequest request, GrievancesDbContext db, SurvivorDataProtector protector, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var errors = request.Validate(DateOnly.FromDateTime(now.UtcDateTime));
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var grievanceCase = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (grievanceCase is null)
        {
            return TypedResults.NotFound();
        }

        if (request.MonitoredIncidentId is { } monitoredId && !await IsLinkableAsync(db, monitoredId, grievanceCase.PartnerId, cancellationToken))
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                ["monitoredIncidentId"] = ["is not a monitored incident of the case's partner that no other incident names."],
            })
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "Unknown monitored incident",
            });
        }

        var incident = Incident.Record(Guid.CreateVersion7(now), grievanceCase.PartnerId, id, request.Type!, request.Date!.Value,
            request.DateIsApproximate is true, request.CommunePcode!, request.PerpetratorCategory!, request.MonitoredIncidentId, now);
        incident.SetNarrative(protector.Protect(request.Narrative, incident.Id, IncidentDetails.NarrativeField));
        db.Incidents.Add(incident);
        db.AddIntegrationEvent(new GrievanceReported(grievanceCase.Id, incident.Id, grievanceCase.PartnerId, incident.Type, incident.CommunePcode,
            grievanceCase.Sex, grievanceCase.AgeBand, grievanceCase.ConsentForReporting, now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"{CasesApi.Prefix}/cases/{id}/incidents/{incident.Id}", IncidentSummary.From(incident));
    }

    // The case's partner's own, not one shared with it; and not already the observation of another incident.
    private static async Task<bool> IsLinkableAsync(GrievancesDbContext db, Guid monitoredId, string partnerId, CancellationToken cancellationToken) =>
        await db.MonitoredIncidents.AnyAsync(m => m.Id == monitoredId && m.PartnerId == partnerId, cancellationToken)
        && !await db.Incidents.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).AnyAsync(i => i.MonitoredIncidentId == monitoredId, cancellationToken);

    public static async Task<Results<Ok<List<IncidentSummary>>, NotFound>> ListAsync(
        Guid id, GrievancesDbContext db, ICurrentPartner partner, CancellationToken cancellationToken)
    {
        if (!await db.Cases.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var incidents = await db.Incidents.AsNoTracking().Where(i => i.CaseId == id).OrderBy(i => i.Date).ThenBy(i => i.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(incidents.Select(IncidentSummary.From).ToList());
    }
}
