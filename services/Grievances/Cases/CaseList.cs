using System.Globalization;
using System.Text;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Grievances.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Grievances.Cases;

/// <summary>Lists and exports of the partner's cases: survivor codes and categories, never identity, contact or narrative.</summary>
public static class CaseList
{
    public sealed record CaseQuery(string? Status, string? RiskLevel, int? Page, int? PageSize);

    public static async Task<Results<Ok<PagedResult<CaseSummary>>, ValidationProblem>> ListAsync(
        [AsParameters] CaseQuery query, GrievancesDbContext db, ICurrentPartner partner, CancellationToken cancellationToken)
    {
        var paging = new PageRequest(query.Page, query.PageSize);
        var errors = new ValidationErrors()
            .OneOf("status", query.Status, CaseWorkflow.Statuses, required: false)
            .OneOf("riskLevel", query.RiskLevel, CodeLists.RiskLevels, required: false);
        paging.Validate(errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var page = await Filter(db, query).OrderByDescending(c => c.OpenedAt).ThenBy(c => c.Id).ToPageAsync(paging, cancellationToken);
        return TypedResults.Ok(page.Map(CaseSummary.From));
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(
        [AsParameters] CaseQuery query, GrievancesDbContext db, ICurrentPartner partner, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .OneOf("status", query.Status, CaseWorkflow.Statuses, required: false)
            .OneOf("riskLevel", query.RiskLevel, CodeLists.RiskLevels, required: false);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var cases = await Filter(db, query).OrderBy(c => c.OpenedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var csv = new StringBuilder("survivor_code,status,sex,age_band,risk_level,case_worker,consent_services,consent_referral,consent_reporting,redress_status,redress_kind,opened_at,closed_at\n");
        foreach (var c in cases)
        {
            csv.AppendJoin(',', new[]
            {
                c.SurvivorCode, c.Status, c.Sex, c.AgeBand, c.RiskLevel, c.CaseWorker, Bool(c.ConsentForServices), Bool(c.ConsentForReferral),
                Bool(c.ConsentForReporting), c.RedressStatus, c.RedressKind, c.OpenedAt.ToString("O", CultureInfo.InvariantCulture),
                c.ClosedAt?.ToString("O", CultureInfo.InvariantCulture),
            }.Select(Csv.Cell)).Append('\n');
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", "cases.csv");
    }

    private static IQueryable<GrievanceCase> Filter(GrievancesDbContext db, CaseQuery query)
    {
        var cases = db.Cases.AsNoTracking();
        if (query.Status is { } status) cases = cases.Where(c => c.Status == status);
        if (query.RiskLevel is { } risk) cases = cases.Where(c => c.RiskLevel == risk);
        return cases;
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
