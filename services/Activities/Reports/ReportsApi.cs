using System.ComponentModel.DataAnnotations;
using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.Activities.Frameworks;
using JusticePlatform.Activities.Programs;
using JusticePlatform.Activities.Reach;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Places;
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

/// <param name="CumulativeTarget">The life-of-program target at the period's end (see <see cref="Progress.CumulativeTarget"/>).</param>
/// <param name="CumulativeActual">The actual from the program's start to the period's end, suppressed as the period's is; none for a manual indicator.</param>
/// <param name="RollUp">The period's actual by the dimensions asked for (by=...), for a counted indicator.</param>
public sealed record IndicatorProgress(
    Guid IndicatorId, string Code, string Title, string ResultCode, string ResultType, string Measure, string Source, bool Ascending,
    int? BaselineYear, decimal? BaselineValue, decimal? Target, string? Actual, decimal? PercentOfTarget, string? Comment,
    IReadOnlyList<DimensionBreakdown> ByDimension, decimal? CumulativeTarget, string? CumulativeActual, decimal? CumulativePercentOfTarget,
    RollUpResponse? RollUp);

/// <param name="OutcomesWithoutProgram">
/// Redress obtained in the period, in cases of the consortium's partners (scope=own: the caller's) in the program's
/// areas, whose case names no program and so counts in no program's indicator; null when no indicator counts grievance outcomes.
/// </param>
public sealed record ProgressResponse(
    Guid ProgramId, PeriodResponse Period, string Scope, DateOnly AgeOn, IReadOnlyList<IndicatorProgress> Indicators, string? OutcomesWithoutProgram = null);

public sealed record ReachReportCell(string CommunePcode, string Sex, string AgeBand, string Disability, string DisplacementStatus, string Count);

/// <param name="DistinctPeople">Distinct people in the named attendance and among the members that groups reached name.</param>
/// <param name="GroupMembers">Members of the groups reached that name no member, from the counts they carry (by sex, 0-17 or 18+; disability unknown).</param>
/// <param name="RollUp">Everyone reached (the three sources together) by the dimensions of by=..., or in all.</param>
public sealed record ReachReportResponse(
    Guid ProgramId, string Scope, DateOnly AgeOn, string DistinctPeople, IReadOnlyList<ReachReportCell> People,
    string AggregateReach, IReadOnlyList<ReachReportCell> Aggregate, string GroupMembers, IReadOnlyList<ReachReportCell> Groups,
    RollUpResponse RollUp);

/// <param name="By">Dimensions to roll everyone reached up by, separated by commas: region, commune, sex, age_band, disability, displacement.</param>
public sealed record ReachReportQuery(
    string? Scope, DateOnly? AgeOn, string? Commune, string? Sex, string? AgeBand, string? ActivityType, DateOnly? From, DateOnly? To, string? By = null, string? Level = null);

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
            .ProducesHxlCsv(ReportCsv.Progress)
            .WithName("GetIndicatorProgress")
            .WithSummary("Indicator progress for a period and for the life of the program to its end: baseline, target, actual, % of target, by each required dimension, and roll-ups by any dimensions (CSV with HXL hashtags on Accept: text/csv)");
        api.MapGet("/{id:guid}/reach", ReachAsync).RequireScope(Scopes.ActivitiesRead)
            .ProducesHxlCsv(ReportCsv.Reach)
            .WithName("GetReach")
            .WithSummary("Distinct people reached by commune × sex × age band × disability × displacement, group members and aggregate reach, and roll-ups by any dimensions (CSV with HXL hashtags on Accept: text/csv)")
            .WithDescription("level=region|cercle|commune|country rolls the places up the hierarchy; an activity recorded at a higher level stays at its own.");
        api.MapWhoDoesWhatWhere();
        api.MapProgramReportPage();
        return api;
    }

    public static async Task<Results<Ok<ProgressResponse>, PushStreamHttpResult, NotFound, ValidationProblem>> ProgressAsync(
        Guid id, [Required] Guid? periodId, string? scope, string? by, ActivitiesDbContext db, ICurrentPartner partner, HttpContext http, CancellationToken cancellationToken)
    {
        var answer = await ProgressReportAsync(id, periodId, scope, by, db, partner, cancellationToken);
        return answer.Result is Ok<ProgressResponse> { Value: { } report } && HxlCsv.IsAskedFor(http.Request)
            ? ReportCsv.Progress.Stream(http, ReportCsv.ProgressRows(report), "indicator-progress.csv")
            : answer.Result switch
            {
                Ok<ProgressResponse> ok => ok,
                NotFound notFound => notFound,
                ValidationProblem problem => problem,
                var other => throw new InvalidOperationException($"Unexpected answer {other.GetType()}"),
            };
    }

    /// <summary>The progress report as its JSON answer shows it; the CSV is written from the same rows.</summary>
    public static async Task<Results<Ok<ProgressResponse>, NotFound, ValidationProblem>> ProgressReportAsync(
        Guid id, Guid? periodId, string? scope, string? by, ActivitiesDbContext db, ICurrentPartner partner, CancellationToken cancellationToken)
    {
        var program = await db.FindVisibleAsync(id, cancellationToken);
        if (program is null || !program.IsMember(partner.PartnerId))
        {
            return TypedResults.NotFound();
        }

        var errors = new ValidationErrors().OneOf("scope", scope, ReportScopes.All, required: false);
        var rollUpBy = by is null ? null : RollUps.Parse(by, errors);
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
        var periodsSoFar = await db.Periods.AsNoTracking().Where(p => p.ProgramId == id && p.EndDate <= period!.EndDate).Select(p => p.Id).ToListAsync(cancellationToken);
        var members = program.Members.Select(m => m.PartnerId).ToList();

        // The figures of one indicator between two dates (from the program's start when from is null).
        async Task<Figures?> FiguresAsync(Indicator indicator, DateOnly? from, DateOnly to)
        {
            var activityScope = new ActivityScope(id, own ? partner.PartnerId : null, indicator.Id, from, to);
            switch (indicator.Source)
            {
                case ActualSources.DistinctPeople:
                {
                    var people = await ReachQueries.DistinctPeopleAsync(db, activityScope, to, null, null, cancellationToken);
                    var groups = await ReachQueries.GroupMembersAsync(db, activityScope, PlaceLevel.Country, null, null, cancellationToken);
                    var groupsByCommune = await ReachQueries.GroupMembersAsync(db, activityScope, PlaceLevel.Commune, null, null, cancellationToken);
                    return new Figures(people.Total + groups.Sum(c => c.Count), [.. people.People, .. groups], [.. people.ByCommune, .. groupsByCommune], null,
                        rollUpBy is null ? null : await ReachQueries.PeopleRollUpAsync(db, activityScope, to, rollUpBy, null, null, [], cancellationToken));
                }
                case ActualSources.AggregateReach:
                {
                    var cells = await ReachQueries.AggregateAsync(db, activityScope, null, null, cancellationToken);
                    return new Figures(cells.Sum(c => c.Count), cells, cells, null, rollUpBy is null ? null : ReachQueries.CountsRollUp(cells, rollUpBy));
                }
                case ActualSources.GrievanceOutcomes:
                {
                    var cells = await GrievanceOutcomesAsync(db, program, own ? [partner.PartnerId!] : members, from, to, cancellationToken);
                    return new Figures(cells.Sum(c => c.Count), cells, cells, null, rollUpBy is null ? null : ReachQueries.CountsRollUp(cells, rollUpBy));
                }
                case ActualSources.Manual:
                {
                    // A manual value is the figure of its period (the accepted one that counts); a life-of-program one is not derived from them here.
                    var manual = from is null ? null : ManualValues.Counted(await db.ManualValues.AsNoTracking()
                        .Where(v => v.IndicatorId == indicator.Id && v.PeriodId == period!.Id && v.Status == ManualValueStatus.Accepted).ToListAsync(cancellationToken));
                    return new Figures(null, [], [], manual, null);
                }
                default:
                    return null;
            }
        }

        // Exact totals first (a percentage of two indicators needs the others'), then what is shown.
        var computed = new Dictionary<Guid, Figures>();
        var cumulative = new Dictionary<Guid, Figures>();
        foreach (var indicator in indicators)
        {
            if (await FiguresAsync(indicator, period!.StartDate, period.EndDate) is { } figures) computed[indicator.Id] = figures;
            if (await FiguresAsync(indicator, null, period.EndDate) is { } lifeOfProgram) cumulative[indicator.Id] = lifeOfProgram;
        }

        var rows = new List<IndicatorProgress>();
        foreach (var indicator in indicators)
        {
            var result = results.GetValueOrDefault(indicator.ResultId);
            var target = indicator.Targets.FirstOrDefault(t => t.PeriodId == period!.Id && t.Dimension == "")?.Value;
            var cumulativeTarget = Progress.CumulativeTarget(
                indicator.Targets.Where(t => t.Dimension == "" && periodsSoFar.Contains(t.PeriodId)).Select(t => t.Value), target, indicator.Measure, indicator.Ascending);
            string? actual = null;
            decimal? percent = null;
            string? comment = null;
            var breakdown = new List<DimensionBreakdown>();
            RollUpResponse? rollUp = null;
            var (cumulativeActual, cumulativePercent) = CumulativeOf(indicator, cumulative, cumulativeTarget, suppress);
            if (indicator.Source == ActualSources.Ratio)
            {
                (actual, percent) = RatioOf(indicator, computed, target, suppress);
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
                    rollUp = figures.RollUp is { } figuresRolledUp ? RollUps.Show(figuresRolledUp, suppress) : null;
                }
            }

            rows.Add(new IndicatorProgress(indicator.Id, indicator.Code, indicator.Title, result?.Code ?? "", result?.Type ?? "", indicator.Measure, indicator.Source,
                indicator.Ascending, indicator.BaselineYear, indicator.BaselineValue, target, actual, percent, comment, breakdown,
                cumulativeTarget, cumulativeActual, cumulativePercent, rollUp));
        }

        var withoutProgram = indicators.Any(i => i.Source == ActualSources.GrievanceOutcomes)
            ? SmallCells.Show(await OutcomesWithoutProgramAsync(db, program, own ? [partner.PartnerId!] : members, period!, cancellationToken), suppress)
            : null;
        return TypedResults.Ok(new ProgressResponse(id, PeriodResponse.From(period!), own ? ReportScopes.Own : ReportScopes.Program, period!.EndDate, rows, withoutProgram));
    }

    /// <summary>An indicator's exact figures: the total and its cells (each person once; by commune), a manual value, a roll-up when asked for.</summary>
    private sealed record Figures(long? Total, List<CountCell> Cells, List<CountCell> CommuneCells, ManualValue? Manual, RollUpFigures? RollUp);

    /// <summary>A ratio indicator's actual and % of target, from its numerator's and denominator's totals; hidden when either is.</summary>
    private static (string? Actual, decimal? Percent) RatioOf(Indicator indicator, Dictionary<Guid, Figures> figures, decimal? target, bool suppress)
    {
        var numerator = indicator.NumeratorId is { } n && figures.TryGetValue(n, out var num) ? num.Total : null;
        var denominator = indicator.DenominatorId is { } d && figures.TryGetValue(d, out var den) ? den.Total : null;
        var hidden = SmallCells.Hides(numerator ?? 0, suppress) || SmallCells.Hides(denominator ?? 0, suppress);
        var ratio = hidden ? null : Progress.Ratio(numerator, denominator);
        return (hidden ? SmallCells.Suppressed : ratio?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Progress.PercentOfTarget(ratio, target, indicator.BaselineValue, indicator.Ascending));
    }

    /// <summary>The life-of-program actual (from the program's start to the period's end) and its % of the cumulative target; none for a manual indicator.</summary>
    private static (string? Actual, decimal? Percent) CumulativeOf(Indicator indicator, Dictionary<Guid, Figures> cumulative, decimal? target, bool suppress)
    {
        if (indicator.Source == ActualSources.Ratio)
        {
            return RatioOf(indicator, cumulative, target, suppress);
        }

        if (!cumulative.TryGetValue(indicator.Id, out var figures) || figures.Total is not { } total)
        {
            return (null, null);
        }

        return SmallCells.Hides(total, suppress)
            ? (SmallCells.Suppressed, null)
            : (SmallCells.Show(total, suppress), Progress.PercentOfTarget(total, target, indicator.BaselineValue, indicator.Ascending));
    }

    public static async Task<Results<Ok<ReachReportResponse>, PushStreamHttpResult, NotFound, ValidationProblem>> ReachAsync(
        Guid id, [AsParameters] ReachReportQuery query, ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var answer = await ReachReportAsync(id, query, db, partner, clock, cancellationToken);
        return answer.Result is Ok<ReachReportResponse> { Value: { } report } && HxlCsv.IsAskedFor(http.Request)
            ? ReportCsv.Reach.Stream(http, ReportCsv.ReachRows(report), "reach.csv")
            : answer.Result switch
            {
                Ok<ReachReportResponse> ok => ok,
                NotFound notFound => notFound,
                ValidationProblem problem => problem,
                var other => throw new InvalidOperationException($"Unexpected answer {other.GetType()}"),
            };
    }

    /// <summary>The reach report as its JSON answer shows it; the CSV is written from the same rows.</summary>
    public static async Task<Results<Ok<ReachReportResponse>, NotFound, ValidationProblem>> ReachReportAsync(
        Guid id, ReachReportQuery query, ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken)
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
        var by = RollUps.Parse(query.By, errors);
        if (query.Commune is { } commune && !Codes.Pcode().IsMatch(commune))
        {
            errors.Add("commune", "must be a P-code of Mali at any level (ML06, ML0602, ML060201).");
        }

        var level = (PlaceLevel?)null;
        if (query.Level is not null)
        {
            if (MaliGazetteer.TryParseLevel(query.Level, out var parsed)) level = parsed;
            else errors.Add("level", "must be one of country, region, cercle, commune.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var own = query.Scope == ReportScopes.Own;
        var suppress = !own;
        var ageOn = query.AgeOn ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var scope = new ActivityScope(id, own ? partner.PartnerId : null, null, query.From, query.To, query.ActivityType, query.Commune, level);
        var people = await ReachQueries.DistinctPeopleAsync(db, scope, ageOn, query.Sex, query.AgeBand, cancellationToken);
        var aggregate = await ReachQueries.AggregateAsync(db, scope, query.Sex, query.AgeBand, cancellationToken);
        var groups = await ReachQueries.GroupMembersAsync(db, scope, PlaceLevel.Commune, query.Sex, query.AgeBand, cancellationToken);
        var groupsInAll = await ReachQueries.GroupMembersAsync(db, scope, PlaceLevel.Country, query.Sex, query.AgeBand, cancellationToken);
        var rollUp = await ReachQueries.PeopleRollUpAsync(db, scope, ageOn, by, query.Sex, query.AgeBand, aggregate, cancellationToken);

        var (distinctPeople, peopleCells) = Show(people.ByCommune, people.Total, suppress);
        var (aggregateReach, aggregateCells) = Show(aggregate, aggregate.Sum(c => c.Count), suppress);
        var (groupMembers, groupCells) = Show(groups, groupsInAll.Sum(c => c.Count), suppress);
        return TypedResults.Ok(new ReachReportResponse(id, own ? ReportScopes.Own : ReportScopes.Program, ageOn,
            distinctPeople, peopleCells, aggregateReach, aggregateCells, groupMembers, groupCells, RollUps.Show(rollUp, suppress)));
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

    /// <summary>
    /// Redress obtained between the dates (from the start when <paramref name="from"/> is null), in cases that name this program,
    /// of the consortium's partners. The case's program decides, not its place: another program of the same partner in the same area counts none of them.
    /// </summary>
    private static async Task<List<CountCell>> GrievanceOutcomesAsync(
        ActivitiesDbContext db, ActivityProgram program, List<string> partners, DateOnly? from, DateOnly to, CancellationToken cancellationToken)
    {
        var outcomes = db.GrievanceOutcomes.AsNoTracking().Where(o => o.ProgramId == program.Id && partners.Contains(o.PartnerId) && o.RedressDate <= to);
        if (from is { } start) outcomes = outcomes.Where(o => o.RedressDate >= start);
        var rows = await outcomes
            .Select(o => new { o.CommunePcode, o.Sex, o.AgeBand })
            .ToListAsync(cancellationToken);
        return rows
            .GroupBy(o => (o.CommunePcode ?? "", o.Sex, o.AgeBand))
            .Select(g => new CountCell(g.Key.Item1, g.Key.Sex, g.Key.AgeBand, "unknown", "unknown", g.LongCount()))
            .ToList();
    }

    /// <summary>Redress obtained in the period, in cases of these partners in the program's areas that name no program.</summary>
    private static async Task<long> OutcomesWithoutProgramAsync(
        ActivitiesDbContext db, ActivityProgram program, List<string> partners, ReportingPeriod period, CancellationToken cancellationToken)
    {
        var communes = await db.GrievanceOutcomes.AsNoTracking()
            .Where(o => o.ProgramId == null && partners.Contains(o.PartnerId) && o.RedressDate >= period.StartDate && o.RedressDate <= period.EndDate)
            .Select(o => o.CommunePcode)
            .ToListAsync(cancellationToken);
        return communes.LongCount(program.Covers);
    }
}
