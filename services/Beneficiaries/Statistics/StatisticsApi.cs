using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.Beneficiaries.Disaggregation;
using JusticePlatform.Beneficiaries.Registration;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.BuildingBlocks.Places;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using JusticePlatform.BuildingBlocks.Reporting;

namespace JusticePlatform.Beneficiaries.Statistics;

/// <summary>One cell of the table; <see cref="CommunePcode"/> is the place at the level asked (the commune by default); <see cref="Count"/> is a number, or "&lt;5".</summary>
public sealed record StatisticsCell(string CommunePcode, string Sex, string AgeBand, bool HasDisability, string DisplacementStatus, string Count);

public sealed record StatisticsResponse(string Scope, DateOnly AgeOn, IReadOnlyList<StatisticsCell> Cells, string Level = "commune");

/// <summary>
/// GET /api/v1/beneficiaries/statistics[?allPartners=true]: individuals (active or erased,
/// not merged) counted by commune × sex × age band × disability × displacement status. Age
/// bands are computed in the database for today. Only counts leave; no record does.
/// </summary>
public static class StatisticsApi
{
    /// <summary>The answer's scope: the caller's own beneficiaries, or every partner's (program officers).</summary>
    public const string OwnScope = "partner", AllPartnersScope = "all_partners";

    public static RouteGroupBuilder MapStatisticsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/statistics", GetAsync).RequireAnyScope(Scopes.BeneficiariesRead, Scopes.ProgramOfficer)
            .NeedsScopeFor(Scopes.ProgramOfficer, "allPartners=true")
            .WithName("GetBeneficiaryStatistics").WithSummary("Count beneficiaries by commune, sex, age band, disability and displacement")
            .WithDescription("Cells below 5 read '<5'. level=cercle|region|country adds the communes up the gazetteer before suppression.");
        return api;
    }

    public static async Task<Results<Ok<StatisticsResponse>, ValidationProblem, ForbidHttpResult>> GetAsync(
        bool? allPartners, string? level, BeneficiariesDbContext db, ICurrentPartner partner, MaliGazetteer gazetteer, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var placeLevel = PlaceLevel.Commune;
        if (level is not null && !MaliGazetteer.TryParseLevel(level, out placeLevel))
        {
            return new ValidationErrors().Add("level", "must be one of country, region, cercle, commune.").ToProblem();
        }

        var acrossPartners = allPartners is true;
        // The one rule a route cannot say: every partner's figures are for program officers alone.
        if (acrossPartners && !partner.HasScope(Scopes.ProgramOfficer))
        {
            return TypedResults.Forbid();
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        // Birth-date cut-offs of the default bands for today (0-4, 5-11, 12-17, 18-59, 60+), youngest first.
        var labels = AgeBands.Default.Select(b => b.Label).ToArray();
        var cutoffs = AgeBands.Default.Select(b => b.BirthDates(today).BornOnOrBefore).ToArray();
        var (c0, c1, c2, c3, c4) = (cutoffs[0], cutoffs[1], cutoffs[2], cutoffs[3], cutoffs[4]);
        var (l0, l1, l2, l3, l4) = (labels[0], labels[1], labels[2], labels[3], labels[4]);
        var records = acrossPartners ? db.Beneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]) : db.Beneficiaries;
        var rows = await records.AsNoTracking()
            .Where(b => b.Kind == Categories.Individual && b.Status != BeneficiaryStatus.Merged)
            .Select(b => new
            {
                b.CommunePcode,
                b.Sex,
                Band = b.ReferenceBirthDate == null ? AgeBands.Unknown
                    : b.ReferenceBirthDate > c0 ? AgeBands.Unknown
                    : b.ReferenceBirthDate > c1 ? l0
                    : b.ReferenceBirthDate > c2 ? l1
                    : b.ReferenceBirthDate > c3 ? l2
                    : b.ReferenceBirthDate > c4 ? l3
                    : l4,
                b.HasDisability,
                b.DisplacementStatus,
            })
            .GroupBy(x => new { x.CommunePcode, x.Sex, x.Band, x.HasDisability, x.DisplacementStatus })
            .Select(g => new { g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);

        // Counts are added up to the level before any is suppressed, so a cercle's cell is exact even where its communes' read "<5".
        var cells = rows
            .GroupBy(r => (Place: gazetteer.RollUp(r.Key.CommunePcode, placeLevel), r.Key.Sex, r.Key.Band, r.Key.HasDisability, r.Key.DisplacementStatus), r => r.Count)
            .Select(g => (g.Key, Count: g.Sum()))
            .OrderBy(r => r.Key.Place, StringComparer.Ordinal).ThenBy(r => r.Key.Sex).ThenBy(r => r.Key.Band).ThenBy(r => r.Key.HasDisability).ThenBy(r => r.Key.DisplacementStatus)
            .Select(r => new StatisticsCell(r.Key.Place, r.Key.Sex, r.Key.Band, r.Key.HasDisability, r.Key.DisplacementStatus, SmallCells.Show(r.Count)))
            .ToList();
        return TypedResults.Ok(new StatisticsResponse(acrossPartners ? AllPartnersScope : OwnScope, today, cells, placeLevel.ToString().ToLowerInvariant()));
    }
}
