using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.Activities.Programs;
using JusticePlatform.Activities.Reach;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.Reports;

/// <summary>
/// Who (partner) did what (activity type, in the program's sectors) where (region, commune),
/// when (first start, last end) and for whom (distinct people reached, by sex; aggregate reach).
/// </summary>
public sealed record WhoDoesWhatWhereRow(
    string PartnerId, string Sector, string ActivityType, string RegionPcode, string CommunePcode, DateOnly? Start, DateOnly? End,
    int Activities, string People, string Female, string Male, string OtherSex, string AggregateReach);

public sealed record WhoDoesWhatWhereResponse(Guid ProgramId, string Scope, DateOnly? From, DateOnly? To, IReadOnlyList<WhoDoesWhatWhereRow> Rows);

/// <summary>
/// GET /api/v1/activities/programs/{id}/who-does-what-where: the 3W/5W of a program from its
/// completed activities. Activities own it because they hold who did what where; the people
/// are those of the reach report, counted per partner and activity type (a person reached by
/// two partners counts in each row), suppressed like the reach report.
/// </summary>
public static class WhoDoesWhatWhere
{
    public static RouteGroupBuilder MapWhoDoesWhatWhere(this RouteGroupBuilder api)
    {
        api.MapGet("/{id:guid}/who-does-what-where", GetAsync).RequireScope(Scopes.ActivitiesRead)
            .ProducesHxlCsv(ReportCsv.WhoDoesWhatWhere)
            .WithName("GetWhoDoesWhatWhere")
            .WithSummary("Who does what where (3W/5W): partner, activity type, region and commune, dates, people reached by sex and aggregate reach (CSV with HXL hashtags on Accept: text/csv)");
        return api;
    }

    public static async Task<Results<Ok<WhoDoesWhatWhereResponse>, PushStreamHttpResult, NotFound, ValidationProblem>> GetAsync(
        Guid id, string? scope, DateOnly? from, DateOnly? to, ActivitiesDbContext db, ICurrentPartner partner, HttpContext http, CancellationToken cancellationToken)
    {
        var program = await db.FindVisibleAsync(id, cancellationToken);
        if (program is null || !program.IsMember(partner.PartnerId))
        {
            return TypedResults.NotFound();
        }

        var errors = new ValidationErrors().OneOf("scope", scope, ReportScopes.All, required: false);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var own = scope == ReportScopes.Own;
        var report = new WhoDoesWhatWhereResponse(id, own ? ReportScopes.Own : ReportScopes.Program, from, to,
            await RowsAsync(db, program, own ? partner.PartnerId : null, from, to, cancellationToken));
        return HxlCsv.IsAskedFor(http.Request)
            ? ReportCsv.WhoDoesWhatWhere.Stream(http, report.Rows, "who-does-what-where.csv")
            : TypedResults.Ok(report);
    }

    public static async Task<List<WhoDoesWhatWhereRow>> RowsAsync(
        ActivitiesDbContext db, ActivityProgram program, string? ownPartnerId, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var scope = new ActivityScope(program.Id, ownPartnerId, null, from, to);
        var groups = await ReachQueries.Activities(db, scope)
            .GroupBy(a => new { a.PartnerId, a.Type, a.CommunePcode })
            .Select(g => new { g.Key.PartnerId, g.Key.Type, g.Key.CommunePcode, Start = g.Min(a => a.ActualStart), End = g.Max(a => a.ActualEnd), Activities = g.Count() })
            .ToListAsync(cancellationToken);

        // The reach queries per partner and type give the people by commune and sex, merges and erasures as the reach report counts them.
        var people = new Dictionary<(string Partner, string Type, string Commune), Dictionary<string, long>>();
        var aggregate = new Dictionary<(string Partner, string Type, string Commune), long>();
        foreach (var (partnerId, type) in groups.Select(g => (g.PartnerId, g.Type)).Distinct())
        {
            var rowScope = scope with { OwnPartnerId = partnerId, ActivityType = type };
            var cells = await ReachQueries.DistinctPeopleAsync(db, rowScope, to ?? program.EndDate, null, null, cancellationToken);
            foreach (var cell in cells.ByCommune)
            {
                var bySex = people.TryGetValue((partnerId, type, cell.Commune), out var found) ? found : people[(partnerId, type, cell.Commune)] = [];
                bySex[cell.Sex] = bySex.GetValueOrDefault(cell.Sex) + cell.Count;
            }

            foreach (var cell in await ReachQueries.AggregateAsync(db, rowScope, null, null, cancellationToken))
            {
                aggregate[(partnerId, type, cell.Commune)] = aggregate.GetValueOrDefault((partnerId, type, cell.Commune)) + cell.Count;
            }
        }

        var suppress = ownPartnerId is null;
        var sector = string.Join(' ', program.SectorCodes);
        return groups
            .OrderBy(g => g.PartnerId, StringComparer.Ordinal).ThenBy(g => g.Type, StringComparer.Ordinal).ThenBy(g => g.CommunePcode, StringComparer.Ordinal)
            .Select(g =>
            {
                var bySex = people.GetValueOrDefault((g.PartnerId, g.Type, g.CommunePcode)) ?? [];
                // A row's people are the sum of its sexes (unknown sex is counted but not shown): suppressed as one table.
                var table = new SmallCellTable(suppress);
                var total = table.Add(bySex.Values.Sum());
                var female = table.Add(bySex.GetValueOrDefault("female"));
                var male = table.Add(bySex.GetValueOrDefault("male"));
                var other = table.Add(bySex.GetValueOrDefault("other"));
                var unknown = table.Add(bySex.GetValueOrDefault("unknown"));
                table.Sums(total, [female, male, other, unknown]);
                var shown = table.Show();
                return new WhoDoesWhatWhereRow(g.PartnerId, sector, g.Type, Region(g.CommunePcode), g.CommunePcode, g.Start, g.End, g.Activities,
                    shown[total], shown[female], shown[male], shown[other],
                    SmallCells.Show(aggregate.GetValueOrDefault((g.PartnerId, g.Type, g.CommunePcode)), suppress));
            })
            .ToList();
    }

    /// <summary>A Mali P-code's region: ML + two digits (ML060201 lies in ML06).</summary>
    private static string Region(string pcode) => pcode.Length >= 4 ? pcode[..4] : pcode;
}
