using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.Activities.Frameworks;
using JusticePlatform.Activities.Programs;
using JusticePlatform.Activities.Reach;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using JusticePlatform.BuildingBlocks.Reporting;

namespace JusticePlatform.Activities.Reports;

public static class ReportScopes
{
    /// <summary>The whole program, every member's work: figures leave their owners, so cells under 5 read "&lt;5".</summary>
    public const string Program = "program";

    /// <summary>The caller's own activities only: exact figures.</summary>
    public const string Own = "own";

    public static readonly CodeList All = new("reportScope", ["scope"], (Program, "The whole program"), (Own, "Your organisation's own activities"));
}

public sealed record DimensionValue(string Value, decimal? Target, string Actual);

public sealed record DimensionBreakdown(string Dimension, IReadOnlyList<DimensionValue> Values);

public sealed record IndicatorProgress(
    Guid IndicatorId, string Code, string Title, string ResultCode, string ResultType, string Measure, string Source, bool Ascending,
    int? BaselineYear, decimal? BaselineValue, decimal? Target, string? Actual, decimal? PercentOfTarget, string? Comment,
    IReadOnlyList<DimensionBreakdown> ByDimension);

public sealed record ProgressResponse(Guid ProgramId, PeriodResponse Period, string Scope, DateOnly AgeOn, IReadOnlyList<IndicatorProgress> Indicators);

public sealed record ReachReportCell(string CommunePcode, string Sex, string AgeBand, string Disability, string DisplacementStatus, string Count);

public sealed record ReachReportResponse(
    Guid ProgramId, string Scope, DateOnly AgeOn, string DistinctPeople, IReadOnlyList<ReachReportCell> People,
    string AggregateReach, IReadOnlyList<ReachReportCell> Aggregate);

public sealed record ReachReportQuery(
    string? Scope, DateOnly? AgeOn, string? Commune, string? Sex, string? AgeBand, string? ActivityType, DateOnly? From, DateOnly? To);

/// <summary>
/// Reports computed at query time from the rows. Every member reads the program's figures; a
/// figure that gathers other partners' work shows cells under 5 as "&lt;5"; with scope=own a
/// partner reads its own figures exactly.
/// </summary>
public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/{id:guid}/progress", ProgressAsync).RequireScope(Scopes.ActivitiesRead)
            .WithName("GetIndicatorProgress").WithSummary("Indicator progress for a period: baseline, target, actual, % of target, by each required dimension");
        api.MapGet("/{id:guid}/reach", ReachAsync).RequireScope(Scopes.ActivitiesRead)
            .WithName("GetReach").WithSummary("Distinct people reached by commune × sex × age band × disability × displacement, and aggregate reach");
        return api;
    }

    public static async Task<Results<Ok<ProgressResponse>, NotFound, ValidationProblem>> ProgressAsync(
        Guid id, Guid? periodId, string? scope, ActivitiesDbContext db, ICurrentPartner partner, CancellationToken cancellationToken)
    {
        var program = await db.FindVisibleAsync(id, cancellationToken);
        if (program is null || !program.IsMember(partner.PartnerId))
        {
            return TypedResults.NotFound();
        }

        var errors = new ValidationErrors().OneOf("scope", scope, ReportScopes.All, required: false);
        if (periodId is null) errors.Add("periodId", "is required.");
        var period = periodId is { } pid ? await db.Periods.AsNoTracking().FirstOrDefaultAsync(p => p.ProgramId == id && p.Id == pid, cancellationToken) : null;
        if (periodId is not null && period is null) errors.Add("periodId", "is not a period of this program.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var own = scope == ReportScopes.Own;
        var suppress = !own;
        var indicators = await db.Indicators.AsNoTracking().Include(i => i.Targets).Where(i => i.ProgramId == id).OrderBy(i => i.Code).ToListAsync(cancellationToken);
        var results = await db.Results.AsNoTracking().Where(r => r.ProgramId == id).ToDictionaryAsync(r => r.Id, cancellationToken);
        var members = program.Members.Select(m => m.PartnerId).ToList();

        // Exact totals first (a percentage of two indicators needs the others'), then what is shown.
        var computed = new Dictionary<Guid, (long? Total, List<CountCell> Cells, List<CountCell> CommuneCells, ManualValue? Manual)>();
        foreach (var indicator in indicators)
        {
            var activityScope = new ActivityScope(id, own ? partner.PartnerId : null, indicator.Id, period!.StartDate, period.EndDate);
            switch (indicator.Source)
            {
                case ActualSources.DistinctPeople:
                {
                    var people = await ReachQueries.DistinctPeopleAsync(db, activityScope, period.EndDate, null, null, cancellationToken);
                    computed[indicator.Id] = (people.Total, people.People, people.ByCommune, null);
                    break;
                }
                case ActualSources.AggregateReach:
                {
                    var cells = await ReachQueries.AggregateAsync(db, activityScope, null, null, cancellationToken);
                    computed[indicator.Id] = (cells.Sum(c => c.Count), cells, cells, null);
                    break;
                }
                case ActualSources.GrievanceOutcomes:
                {
                    var cells = await GrievanceOutcomesAsync(db, program, own ? [partner.PartnerId!] : members, period, cancellationToken);
                    computed[indicator.Id] = (cells.Sum(c => c.Count), cells, cells, null);
                    break;
                }
                case ActualSources.Manual:
                {
                    var manual = await db.ManualValues.AsNoTracking().Where(v => v.IndicatorId == indicator.Id && v.PeriodId == period.Id)
                        .OrderByDescending(v => v.EnteredAt).FirstOrDefaultAsync(cancellationToken);
                    computed[indicator.Id] = (null, [], [], manual);
                    break;
                }
            }
        }

        var rows = new List<IndicatorProgress>();
        foreach (var indicator in indicators)
        {
            var result = results.GetValueOrDefault(indicator.ResultId);
            var target = indicator.Targets.FirstOrDefault(t => t.PeriodId == period!.Id && t.Dimension == "")?.Value;
            string? actual = null;
            decimal? percent = null;
            string? comment = null;
            var breakdown = new List<DimensionBreakdown>();
            if (indicator.Source == ActualSources.Ratio)
            {
                var numerator = indicator.NumeratorId is { } n && computed.TryGetValue(n, out var num) ? num.Total : null;
                var denominator = indicator.DenominatorId is { } d && computed.TryGetValue(d, out var den) ? den.Total : null;
                var hidden = SmallCells.Hides(numerator ?? 0, suppress) || SmallCells.Hides(denominator ?? 0, suppress);
                var ratio = hidden ? null : Progress.Ratio(numerator, denominator);
                actual = hidden ? SmallCells.Suppressed : ratio?.ToString(System.Globalization.CultureInfo.InvariantCulture);
                percent = Progress.PercentOfTarget(ratio, target, indicator.BaselineValue, indicator.Ascending);
            }
            else if (computed.TryGetValue(indicator.Id, out var figures))
            {
                if (figures.Manual is { } manual)
                {
                    actual = manual.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? manual.Text;
                    comment = manual.Comment;
                    percent = Progress.PercentOfTarget(manual.Value, target, indicator.BaselineValue, indicator.Ascending);
                }
                else if (figures.Total is { } total)
                {
                    // The total and every breakdown are sums of one another: suppressed as one table.
                    var table = new SmallCellTable(suppress);
                    var totalCell = table.Add(total);
                    var dimensions = indicator.Dimensions
                        .Select(dimension => Breakdown(indicator, period!.Id, dimension, dimension == Disaggregation.Commune ? figures.CommuneCells : figures.Cells, table, totalCell))
                        .ToList();
                    var shown = table.Show();
                    actual = shown[totalCell];
                    percent = table.Hidden()[totalCell] ? null : Progress.PercentOfTarget(total, target, indicator.BaselineValue, indicator.Ascending);
                    breakdown = dimensions
                        .Select(d => new DimensionBreakdown(d.Dimension, d.Values.Select(v => new DimensionValue(v.Value, v.Target, shown[v.Cell])).ToList()))
                        .ToList();
                }
            }

            rows.Add(new IndicatorProgress(indicator.Id, indicator.Code, indicator.Title, result?.Code ?? "", result?.Type ?? "", indicator.Measure, indicator.Source,
                indicator.Ascending, indicator.BaselineYear, indicator.BaselineValue, target, actual, percent, comment, breakdown));
        }

        return TypedResults.Ok(new ProgressResponse(id, PeriodResponse.From(period!), own ? ReportScopes.Own : ReportScopes.Program, period!.EndDate, rows));
    }

    public static async Task<Results<Ok<ReachReportResponse>, NotFound, ValidationProblem>> ReachAsync(
        Guid id, [AsParameters] ReachReportQuery query, ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken)
    {
        var program = await db.FindVisibleAsync(id, cancellationToken);
        if (program is null || !program.IsMember(partner.PartnerId))
        {
            return TypedResults.NotFound();
        }

        var errors = new ValidationErrors()
            .OneOf("scope", query.Scope, ReportScopes.All, required: false)
            .OneOf("sex", query.Sex, Disaggregation.Sexes, required: false)
            .OneOf("ageBand", query.AgeBand, AgeBandAt.Labels, required: false)
            .OneOf("activityType", query.ActivityType, ActivityTypes.All, required: false);
        if (query.Commune is { } commune && !Codes.Pcode().IsMatch(commune))
        {
            errors.Add("commune", "must be a P-code of Mali at any level (ML06, ML0602, ML060201).");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var own = query.Scope == ReportScopes.Own;
        var suppress = !own;
        var ageOn = query.AgeOn ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var scope = new ActivityScope(id, own ? partner.PartnerId : null, null, query.From, query.To, query.ActivityType, query.Commune);
        var people = await ReachQueries.DistinctPeopleAsync(db, scope, ageOn, query.Sex, query.AgeBand, cancellationToken);
        var aggregate = await ReachQueries.AggregateAsync(db, scope, query.Sex, query.AgeBand, cancellationToken);

        var (distinctPeople, peopleCells) = Show(people.ByCommune, people.Total, suppress);
        var (aggregateReach, aggregateCells) = Show(aggregate, aggregate.Sum(c => c.Count), suppress);
        return TypedResults.Ok(new ReachReportResponse(id, own ? ReportScopes.Own : ReportScopes.Program, ageOn,
            distinctPeople, peopleCells, aggregateReach, aggregateCells));
    }

    /// <summary>The cells and their total; a person reached in two communes counts once in each
    /// cell but once in the total, so the total is near the cells' sum and is suppressed as one.</summary>
    private static (string Total, List<ReachReportCell> Cells) Show(IEnumerable<CountCell> cells, long total, bool suppress)
    {
        var ordered = cells
            .OrderBy(c => c.Commune).ThenBy(c => c.Sex).ThenBy(c => c.AgeBand).ThenBy(c => c.Disability).ThenBy(c => c.DisplacementStatus)
            .ToList();
        var shown = SmallCells.ShowWithTotal(ordered.Select(c => c.Count).ToList(), total, suppress);
        return (shown.Total, ordered.Select((c, i) => new ReachReportCell(c.Commune, c.Sex, c.AgeBand, c.Disability, c.DisplacementStatus, shown.Cells[i])).ToList());
    }

    private sealed record BreakdownCells(string Dimension, List<(string Value, decimal? Target, int Cell)> Values);

    /// <summary>One breakdown's values as cells of <paramref name="table"/>, shown as a sum of <paramref name="totalCell"/>.</summary>
    private static BreakdownCells Breakdown(Indicator indicator, Guid periodId, string dimension, List<CountCell> cells, SmallCellTable table, int totalCell)
    {
        Func<CountCell, string> valueOf = dimension switch
        {
            Disaggregation.Sex => c => c.Sex,
            Disaggregation.AgeBand => c => c.AgeBand,
            Disaggregation.Disability => c => c.Disability,
            Disaggregation.Displacement => c => c.DisplacementStatus,
            _ => c => c.Commune,
        };
        var actuals = cells.GroupBy(valueOf).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        var targets = indicator.Targets.Where(t => t.PeriodId == periodId && t.Dimension == dimension).ToDictionary(t => t.DimensionValue, t => t.Value);
        var values = actuals.Keys.Union(targets.Keys).Order(StringComparer.Ordinal)
            .Select(value => (value, targets.TryGetValue(value, out var t) ? t : (decimal?)null, table.Add(actuals.GetValueOrDefault(value))))
            .ToList();
        table.Sums(totalCell, values.Select(v => v.Item3));
        return new BreakdownCells(dimension, values);
    }

    /// <summary>Redress obtained in the period, in cases of the consortium's partners, in the program's areas.</summary>
    private static async Task<List<CountCell>> GrievanceOutcomesAsync(
        ActivitiesDbContext db, ActivityProgram program, List<string> partners, ReportingPeriod period, CancellationToken cancellationToken)
    {
        var outcomes = await db.GrievanceOutcomes.AsNoTracking()
            .Where(o => partners.Contains(o.PartnerId) && o.RedressDate >= period.StartDate && o.RedressDate <= period.EndDate)
            .Select(o => new { o.CommunePcode, o.Sex, o.AgeBand })
            .ToListAsync(cancellationToken);
        return outcomes.Where(o => program.Covers(o.CommunePcode))
            .GroupBy(o => (o.CommunePcode ?? "", o.Sex, o.AgeBand))
            .Select(g => new CountCell(g.Key.Item1, g.Key.Sex, g.Key.AgeBand, "unknown", "unknown", g.LongCount()))
            .ToList();
    }
}
