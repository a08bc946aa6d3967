using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Grievances.Cases;
using JusticePlatform.Grievances.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Grievances.Monitoring;

/// <summary>
/// /api/v1/grievances/monitored-incidents: incidents protection monitoring observed, without a
/// survivor's case. They count in incident statistics beside the incidents of cases; a case's
/// incident that names one (monitoredIncidentId) replaces it there, so none is counted twice.
/// </summary>
public static class MonitoringApi
{
    /// <summary>A batch is all or nothing; past this size a partner sends several.</summary>
    public const int MaxBatchSize = 500;

    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder app)
    {
        var monitored = app.MapGroup($"{CasesApi.Prefix}/monitored-incidents").WithTags("Protection monitoring");
        monitored.MapPost("/", RecordAsync).RequireScope(Scopes.GrievancesCasework).Idempotent()
            .WithName("RecordMonitoredIncident")
            .WithSummary("Record an incident observed by protection monitoring: region or commune P-code, date, type, consent for reporting; no personal data.");
        monitored.MapPost("/batch", RecordBatchAsync).RequireScope(Scopes.GrievancesCasework).Idempotent().WithMetadata(new MaxBodyItems(MaxBatchSize))
            .WithName("RecordMonitoredIncidents")
            .WithSummary($"Record up to {MaxBatchSize} monitored incidents, all or none; errors name the item ([3].type).");
        monitored.MapGet("/", ListAsync).RequireAnyScope(Scopes.GrievancesRead, Scopes.GrievancesCasework)
            .WithName("ListMonitoredIncidents").WithSummary("The partner's monitored incidents, latest incident date first, paged.");
        return app;
    }

    public static async Task<Results<Created<MonitoredIncidentSummary>, ValidationProblem>> RecordAsync(
        MonitoredIncidentRequest request, GrievancesDbContext db, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var errors = request.Validate(DateOnly.FromDateTime(now.UtcDateTime));
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var incident = New(request, partner, now);
        db.MonitoredIncidents.Add(incident);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"{CasesApi.Prefix}/monitored-incidents/{incident.Id}", MonitoredIncidentSummary.From(incident));
    }

    public static async Task<Results<Created<List<MonitoredIncidentSummary>>, ValidationProblem>> RecordBatchAsync(
        List<MonitoredIncidentRequest?> requests, GrievancesDbContext db, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var errors = new ValidationErrors();
        if (requests.Count is 0 or > MaxBatchSize)
        {
            return errors.Add("incidents", $"must hold 1 to {MaxBatchSize} incidents.").ToProblem();
        }

        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i] is { } request) request.Validate(today, errors, $"[{i}].");
            else errors.Add($"[{i}]", "must be an incident.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var incidents = requests.Select(r => New(r!, partner, now)).ToList();
        db.MonitoredIncidents.AddRange(incidents);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"{CasesApi.Prefix}/monitored-incidents", incidents.Select(MonitoredIncidentSummary.From).ToList());
    }

    public static async Task<Results<Ok<PagedResult<MonitoredIncidentSummary>>, ValidationProblem>> ListAsync(
        int? page, int? pageSize, GrievancesDbContext db, CancellationToken cancellationToken)
    {
        var errors = PageRequest.Validate(page, pageSize, out var paging);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var found = await db.MonitoredIncidents.AsNoTracking().OrderByDescending(i => i.Date).ThenBy(i => i.Id).ToPageAsync(paging, cancellationToken);
        return TypedResults.Ok(found.Map(MonitoredIncidentSummary.From));
    }

    private static MonitoredIncident New(MonitoredIncidentRequest request, ICurrentPartner partner, DateTimeOffset now) =>
        MonitoredIncident.Record(Guid.CreateVersion7(now), partner.PartnerId!, request.Type!, request.Date!.Value, request.RegionPcode,
            string.IsNullOrWhiteSpace(request.CommunePcode) ? null : request.CommunePcode, request.PerpetratorCategory, request.ConsentForReporting!.Value, now);
}
