using System.Globalization;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Grievances.Cases;
using JusticePlatform.Grievances.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using JusticePlatform.BuildingBlocks.Reporting;

namespace JusticePlatform.Grievances.Statistics;

/// <summary>One cell: incidents of one type in one region; <see cref="Count"/> is a number, "&lt;5" for 1 to 4, or "x" when withheld so that the total cannot give a "&lt;5" back.</summary>
public sealed record IncidentCell(string RegionPcode, string Region, string IncidentType, string Count);

/// <summary>No partner appears in the answer: the collecting partner of an incident cannot be told from it.</summary>
public sealed record IncidentStatistics(string Month, string Scope, string Total, IReadOnlyList<IncidentCell> Cells);

/// <summary>
/// GET /api/v1/grievances/statistics?month=2026-10[&amp;allPartners=true]: incidents of the month
/// (by incident date) counted by region × incident type, only those whose survivor consented to
/// reporting. A partner sees its own; <c>reports.all_partners</c> sees every partner's together.
/// </summary>
public static class StatisticsApi
{
    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{CasesApi.Prefix}/statistics", GetAsync).RequireAnyScope(Scopes.GrievancesRead, Scopes.GrievancesCasework, Scopes.ProgramOfficer).WithTags("Statistics")
            .WithName("GetGrievanceStatistics")
            .WithSummary("Monthly incidents by region and type, consented incidents only, cells under 5 shown as <5.");
        return app;
    }

    public static async Task<Results<Ok<IncidentStatistics>, ValidationProblem, ForbidHttpResult>> GetAsync(
        string? month, bool? allPartners, GrievancesDbContext db, ICurrentPartner partner, CancellationToken cancellationToken)
    {
        var acrossPartners = allPartners is true;
        // The one rule a route cannot say: every partner's figures are for program officers alone.
        if (acrossPartners && !partner.HasScope(Scopes.ProgramOfficer))
        {
            return TypedResults.Forbid();
        }

        if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
        {
            return new ValidationErrors().Add("month", "is required, as yyyy-MM (2026-10).").ToProblem();
        }

        var to = from.AddMonths(1);
        var cases = acrossPartners ? db.Cases.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]) : db.Cases;
        var incidents = acrossPartners ? db.Incidents.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]) : db.Incidents;
        var rows = await incidents.AsNoTracking()
            .Where(i => i.Date >= from && i.Date < to)
            .Join(cases.Where(c => c.ConsentForReporting), i => new { i.CaseId, i.PartnerId }, c => new { CaseId = c.Id, c.PartnerId }, (i, c) => i)
            .GroupBy(i => new { i.RegionPcode, i.Type })
            .Select(g => new { g.Key.RegionPcode, g.Key.Type, Count = g.LongCount() })
            .ToListAsync(cancellationToken);

        rows = rows.OrderBy(r => r.RegionPcode).ThenBy(r => r.Type).ToList();
        var shown = SmallCells.ShowWithTotal(rows.Select(r => r.Count).ToList(), rows.Sum(r => r.Count));
        var cells = rows
            .Select((r, i) => new IncidentCell(r.RegionPcode, Pcodes.Regions.GetValueOrDefault(r.RegionPcode, r.RegionPcode), r.Type, shown.Cells[i]))
            .ToList();
        return TypedResults.Ok(new IncidentStatistics(from.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            acrossPartners ? "all_partners" : "partner", shown.Total, cells));
    }
}
