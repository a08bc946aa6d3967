using System.Globalization;
using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.Frameworks;
using JusticePlatform.Activities.Programs;
using JusticePlatform.Activities.Reports;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.Iati;

/// <summary>
/// GET /api/v1/activities/programs/{id}/iati: the program as an IATI 2.03 activity file, built
/// from Activities' own rows and the budgets and transactions Funding published (never asking
/// Funding). Every member of the consortium exports it; anyone else gets a 404.
/// </summary>
public static class IatiApi
{
    public const string ContentType = "application/xml";

    public static RouteGroupBuilder MapIatiApi(this RouteGroupBuilder api)
    {
        api.MapGet("/{id:guid}/iati", ExportAsync).RequireScope(Scopes.ActivitiesRead)
            .Produces<string>(StatusCodes.Status200OK, ContentType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("ExportProgramIati")
            .WithSummary("The program as an IATI 2.03 activity (XML): organisations, dates, places, sectors, budgets, transactions, results; 422 without the lead's IATI organisation identifier");
        return api;
    }

    public static async Task<Results<ContentHttpResult, NotFound, ProblemHttpResult>> ExportAsync(
        Guid id, ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken)
    {
        var program = await db.FindVisibleAsync(id, cancellationToken);
        if (program is null || !program.IsMember(partner.PartnerId))
        {
            return TypedResults.NotFound();
        }

        if (program.ReportingOrgRef is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The program has no IATI organisation identifier",
                detail: "IATI names the reporting organisation by its identifier: the lead sets reportingOrgRef on the program (PUT) before it is exported.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["reportingOrgRef"] = ["is required to export the program as IATI."] } });
        }

        var activity = await BuildAsync(db, program, partner, clock, cancellationToken);
        var document = IatiXml.Write(activity, clock.GetUtcNow());
        return TypedResults.Text(document.Declaration + Environment.NewLine + document.ToString(), ContentType, System.Text.Encoding.UTF8);
    }

    public static async Task<IatiActivity> BuildAsync(ActivitiesDbContext db, ActivityProgram program, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var accepted = program.Members.Where(m => m.Status == MemberStatus.Accepted).OrderBy(m => m.Role != MemberRoles.Lead).ThenBy(m => m.PartnerId).ToList();
        var memberIds = accepted.Select(m => m.PartnerId).ToList();
        var names = await db.KnownPartners.AsNoTracking().Where(p => memberIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var participants = program.FunderIds.Select(f => new IatiParticipant(IatiCodes.Funding, f, null))
            .Concat(accepted.SelectMany(m => IatiCodes.RolesOf(m.Role, accepted.Count > 1).Select(role =>
                new IatiParticipant(role, m.Role == MemberRoles.Lead ? program.ReportingOrgRef : null, names.GetValueOrDefault(m.PartnerId) ?? m.PartnerId))))
            .ToList();

        var periods = await db.Periods.AsNoTracking().Where(p => p.ProgramId == program.Id).OrderBy(p => p.StartDate).ThenByDescending(p => p.EndDate).ToListAsync(cancellationToken);
        var objectives = await db.Objectives.AsNoTracking().Where(o => o.ProgramId == program.Id).ToDictionaryAsync(o => o.Id, cancellationToken);
        var results = await db.Results.AsNoTracking().Where(r => r.ProgramId == program.Id).OrderBy(r => r.Code).ToListAsync(cancellationToken);
        var indicators = await db.Indicators.AsNoTracking().Include(i => i.Targets).Where(i => i.ProgramId == program.Id).OrderBy(i => i.Code).ToListAsync(cancellationToken);

        // Actuals as every member reads them (scope program: cells under 5 suppressed), for the periods that have begun.
        var actuals = new Dictionary<(Guid Indicator, Guid Period), IndicatorProgress>();
        foreach (var period in periods.Where(p => p.StartDate <= today))
        {
            if ((await ReportsApi.ProgressReportAsync(program.Id, period.Id, ReportScopes.Program, null, db, partner, cancellationToken)).Result is Ok<ProgressResponse> { Value: { } progress })
            {
                foreach (var row in progress.Indicators) actuals[(row.IndicatorId, period.Id)] = row;
            }
        }

        var budgets = await db.ProgramBudgets.AsNoTracking().Where(b => b.ProgramId == program.Id).OrderBy(b => b.PeriodStart).ThenBy(b => b.Id).ToListAsync(cancellationToken);
        var transactions = await db.ProgramTransactions.AsNoTracking().Where(t => t.ProgramId == program.Id).OrderBy(t => t.ValueDate).ThenBy(t => t.Id).ToListAsync(cancellationToken);
        var leadName = names.GetValueOrDefault(program.PartnerId) ?? program.PartnerId;
        return new IatiActivity(
            program.IatiIdentifier ?? $"{program.ReportingOrgRef}-{program.Code}",
            new IatiOrganisation(program.ReportingOrgRef!, IatiCodes.NationalNgo, leadName),
            new IatiText(program.TitleFr, program.TitleEn),
            program.DescriptionFr is null && program.DescriptionEn is null ? null : new IatiText(program.DescriptionFr, program.DescriptionEn),
            participants,
            IatiCodes.StatusCode(program.Status),
            program.StartDate, program.EndDate,
            program.Status is "active" or "closed" && program.StartDate <= today ? program.StartDate : null,
            program.Status == "closed" ? program.EndDate : null,
            IatiCodes.Mali,
            program.CommunePcodes,
            program.SectorCodes,
            budgets.FirstOrDefault()?.Currency ?? transactions.FirstOrDefault()?.Currency ?? "XOF",
            budgets.Select(b => new IatiBudget(b.BudgetType, b.BudgetStatus, b.PeriodStart, b.PeriodEnd, b.Amount, b.Currency, b.ValueDate)).ToList(),
            transactions.Select(t => new IatiTransaction(t.TypeCode, t.ValueDate, t.Amount, t.Currency, t.ProviderRef, t.ProviderName, t.ReceiverRef, t.ReceiverName)).ToList(),
            results.Select(r => new IatiResult(r.Code, IatiCodes.ResultTypeCode(r.Type), r.Title,
                objectives.GetValueOrDefault(r.ObjectiveId)?.Code, objectives.GetValueOrDefault(r.ObjectiveId)?.Title,
                indicators.Where(i => i.ResultId == r.Id).Select(i => new IatiIndicator(i.Code, i.Title, IatiCodes.MeasureCode(i.Measure), i.Ascending,
                    i.BaselineYear, i.BaselineValue, i.Dimensions,
                    periods.Where(p => i.Targets.Any(t => t.PeriodId == p.Id) || actuals.ContainsKey((i.Id, p.Id)))
                        .Select(p => new IatiPeriod(p.StartDate, p.EndDate,
                            i.Targets.Where(t => t.PeriodId == p.Id).OrderBy(t => t.Dimension).ThenBy(t => t.DimensionValue)
                                .Select(t => new IatiValue(t.Value, t.Dimension == "" ? null : t.Dimension, t.DimensionValue == "" ? null : t.DimensionValue, null)).ToList(),
                            actuals.TryGetValue((i.Id, p.Id), out var progress) ? Actuals(progress) : []))
                        .ToList())).ToList())).ToList());
    }

    /// <summary>The total and each dimension's actual; a suppressed figure is said in a comment, never given as a number.</summary>
    public static IReadOnlyList<IatiValue> Actuals(IndicatorProgress progress)
    {
        var values = new List<IatiValue>();
        if (ValueOf(progress.Actual, null, null, progress.Measure) is { } total) values.Add(total);
        foreach (var breakdown in progress.ByDimension)
        {
            foreach (var value in breakdown.Values)
            {
                if (ValueOf(value.Actual, breakdown.Dimension, value.Value, progress.Measure) is { } actual) values.Add(actual);
            }
        }

        return values;
    }

    private static IatiValue? ValueOf(string? actual, string? dimension, string? dimensionValue, string measure) => actual switch
    {
        null => null,
        SmallCells.Suppressed => new IatiValue(null, dimension, dimensionValue, "Fewer than 5 people: the figure is not published."),
        _ when measure != Measures.Qualitative && decimal.TryParse(actual, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) =>
            new IatiValue(number, dimension, dimensionValue, null),
        _ => new IatiValue(null, dimension, dimensionValue, actual),
    };
}
