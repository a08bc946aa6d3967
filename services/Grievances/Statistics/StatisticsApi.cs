using System.ComponentModel.DataAnnotations;
using System.Globalization;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.BuildingBlocks.Places;
using JusticePlatform.Grievances.Cases;
using JusticePlatform.Grievances.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using JusticePlatform.BuildingBlocks.Reporting;

namespace JusticePlatform.Grievances.Statistics;

/// <summary>
/// One cell: incidents of one type in one place (a region by default, or the level asked, with the
/// region it lies in); <see cref="Count"/> is a number, "&lt;5" for 1 to 4, or "x" when withheld so
/// that the total cannot give a "&lt;5" back.
/// </summary>
public sealed record IncidentCell(string RegionPcode, string Region, string IncidentType, string Count, string PlacePcode, string Place);

/// <summary>Every incident of one region, whatever its type.</summary>
public sealed record RegionSubtotal(string RegionPcode, string Region, string Count);

/// <summary>Every incident of one type, whatever its region.</summary>
public sealed record TypeSubtotal(string IncidentType, string Count);

/// <summary>
/// No partner appears in the answer: the collecting partner of an incident cannot be told from it.
/// The subtotals are given only with <c>scope=own</c>, where no count is suppressed.
/// </summary>
public sealed record IncidentStatistics(
    string Month, string Scope, string Total, IReadOnlyList<IncidentCell> Cells,
    IReadOnlyList<RegionSubtotal>? ByRegion = null, IReadOnlyList<TypeSubtotal>? ByType = null, string Level = "region");

/// <summary>
/// GET /api/v1/grievances/statistics?month=2026-10[&amp;scope=own|all_partners]: incidents of the month
/// (by incident date) counted by region × incident type, only those with consent for reporting: the
/// incidents of cases whose survivor consented, and the monitored incidents observed with consent
/// that no case's incident names (that one counts in their place). A partner sees its own, with
/// small cells shown as "&lt;5"; with <c>scope=own</c> its own exactly, with subtotals, figures it can sign;
/// <c>reports.all_partners</c> sees every partner's together (<c>scope=all_partners</c> or <c>allPartners=true</c>), suppressed.
/// </summary>
public static class StatisticsApi
{
    public const string Own = "own";
    public const string AllPartners = "all_partners";

    /// <summary>What an answer's scope reads: every partner's, the caller's own, or "partner" (the caller's, where its own figures are not exact).</summary>
    public static readonly IReadOnlyList<string> AnswerScopes = [Own, "partner", AllPartners];

    public static readonly CodeList ScopeCodes = new("statisticsScope", ["scope"], (Own, "Your organisation's own incidents"), (AllPartners, "Every partner's incidents"));

    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{CasesApi.Prefix}/statistics", GetAsync).RequireAnyScope(Scopes.GrievancesRead, Scopes.GrievancesCasework, Scopes.ProgramOfficer).WithTags("Statistics")
            .NeedsScopeFor(Scopes.ProgramOfficer, "allPartners=true")
            .ProducesHxlCsv(StatisticsCsv.Incidents)
            .WithName("GetGrievanceStatistics")
            .WithSummary("Monthly incidents (of cases and of protection monitoring) by region and type, consented only; cells under 5 shown as <5, except a partner's own with scope=own, exact with subtotals (CSV with HXL hashtags on Accept: text/csv).")
            .WithDescription("level=country|region|cercle|commune (region by default) rolls the places up the gazetteer; an incident recorded at a higher level counts at its own level, never in a place below it.");
        return app;
    }

    public static async Task<Results<Ok<IncidentStatistics>, PushStreamHttpResult, ValidationProblem, ForbidHttpResult>> GetAsync(
        [Required] string? month, bool? allPartners, string? scope, string? level, GrievancesDbContext db, ICurrentPartner partner, MaliGazetteer gazetteer,
        HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().OneOf("scope", scope, ScopeCodes, required: false);
        var placeLevel = PlaceLevel.Region;
        if (level is not null && !MaliGazetteer.TryParseLevel(level, out placeLevel))
        {
            errors.Add("level", "must be one of country, region, cercle, commune.");
        }

        if (scope == Own && allPartners is true)
        {
            errors.Add("scope", "own cannot be asked with allPartners=true.");
        }

        var acrossPartners = allPartners is true || scope == AllPartners;
        var exact = scope == Own;
        // The one rule a route cannot say: every partner's figures are for program officers alone.
        if (errors.IsValid && acrossPartners && !partner.HasScope(Scopes.ProgramOfficer))
        {
            return TypedResults.Forbid();
        }

        if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
        {
            errors.Add("month", "is required, as yyyy-MM (2026-10).");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var to = from.AddMonths(1);
        var cases = acrossPartners ? db.Cases.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]) : db.Cases;
        var incidents = acrossPartners ? db.Incidents.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]) : db.Incidents;
        var monitored = acrossPartners ? db.MonitoredIncidents.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]) : db.MonitoredIncidents;
        if (!acrossPartners)
        {
            // The partner's own rows only, not those another partner shared with it.
            incidents = incidents.Where(i => i.PartnerId == partner.PartnerId);
            monitored = monitored.Where(m => m.PartnerId == partner.PartnerId);
        }

        var ofCases = await incidents.AsNoTracking()
            .Where(i => i.Date >= from && i.Date < to)
            .Join(cases.Where(c => c.ConsentForReporting), i => new { i.CaseId, i.PartnerId }, c => new { CaseId = c.Id, c.PartnerId }, (i, c) => i)
            .GroupBy(i => new { Place = i.CommunePcode, i.Type })
            .Select(g => new { g.Key.Place, g.Key.Type, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        // A monitored incident a case's incident names is counted as that incident (its date, its case's consent), never again here.
        var linked = db.Incidents.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]);
        var ofMonitoring = await monitored.AsNoTracking()
            .Where(m => m.ConsentForReporting && m.Date >= from && m.Date < to && !linked.Any(i => i.MonitoredIncidentId == m.Id))
            .GroupBy(m => new { Place = m.CommunePcode ?? m.RegionPcode, m.Type })
            .Select(g => new { g.Key.Place, g.Key.Type, Count = g.LongCount() })
            .ToListAsync(cancellationToken);

        var rows = ofCases.Concat(ofMonitoring)
            .GroupBy(r => (Place: gazetteer.RollUp(r.Place, placeLevel), r.Type), r => r.Count)
            .Select(g => (g.Key.Place, RegionPcode: gazetteer.Ancestor(g.Key.Place, PlaceLevel.Region) ?? g.Key.Place[..Math.Min(4, g.Key.Place.Length)], g.Key.Type, Count: g.Sum()))
            .OrderBy(r => r.Place, StringComparer.Ordinal).ThenBy(r => r.Type, StringComparer.Ordinal)
            .ToList();
        var suppress = !exact;
        // Where cells are suppressed, a total shown beside one hidden cell would give it back: a second cell is withheld too.
        var shown = SmallCells.ShowWithTotal(rows.Select(r => r.Count).ToList(), rows.Sum(r => r.Count), suppress);
        var cells = rows.Select((r, i) => new IncidentCell(r.RegionPcode, gazetteer.NameOf(r.RegionPcode), r.Type, shown.Cells[i], r.Place, gazetteer.NameOf(r.Place))).ToList();
        var byRegion = exact
            ? rows.GroupBy(r => r.RegionPcode).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new RegionSubtotal(g.Key, gazetteer.NameOf(g.Key), SmallCells.Show(g.Sum(r => r.Count), suppress))).ToList()
            : null;
        var byType = exact
            ? rows.GroupBy(r => r.Type).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new TypeSubtotal(g.Key, SmallCells.Show(g.Sum(r => r.Count), suppress))).ToList()
            : null;
        var statistics = new IncidentStatistics(from.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            acrossPartners ? AllPartners : exact ? Own : "partner", shown.Total, cells, byRegion, byType, placeLevel.ToString().ToLowerInvariant());
        return HxlCsv.IsAskedFor(http.Request)
            ? StatisticsCsv.Incidents.Stream(http, StatisticsCsv.Rows(statistics), $"incident-statistics-{statistics.Month}.csv")
            : TypedResults.Ok(statistics);
    }
}
