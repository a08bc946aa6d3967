using System.Globalization;
using JusticePlatform.BuildingBlocks.Reporting;
using JusticePlatform.Funding.Appeals;

namespace JusticePlatform.Funding.Reports;

/// <summary>One line of the budget-versus-actual CSV: the grant against its amount, the total of its lines, a line or a result.</summary>
public sealed record BudgetCsvRow(string Level, string Currency, DateOnly AsOf, BudgetFigures Figures);

/// <summary>One line of an appeal's funding status CSV: a funder, or the appeal in all (with its requirement, coverage and gap).</summary>
public sealed record AppealCsvRow(string Currency, string? FunderName, string? FunderIatiIdentifier, decimal Funded, decimal Pledged, AppealCoverage? Total);

/// <summary>The Funding reports as CSV with HXL hashtags (core hashtags and attributes only), from the rows of their JSON answers.</summary>
public static class FundingCsv
{
    public const string GrantLevel = "grant";
    public const string TotalLevel = "total";
    public const string LineLevel = "line";
    public const string ResultLevel = "result";

    public static readonly HxlTable<BudgetCsvRow> BudgetVsActual = new(
        new("level", "#meta+type", r => r.Level),
        new("key", "#item+code", r => r.Figures.Key),
        new("name", "#item+name", r => r.Figures.Name),
        new("resultId", "#output+code", r => r.Figures.ResultId?.ToString()),
        new("currency", "#currency+code", r => r.Currency),
        new("asOf", "#date+reported", r => r.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        new("budget", "#value+approved", r => Number(r.Figures.Budget)),
        new("spent", "#value+reported", r => Number(r.Figures.Spent)),
        new("remaining", "#value", r => Number(r.Figures.Remaining)),
        new("percentSpent", "#indicator+num", r => Number(r.Figures.PercentSpent)),
        new("burnRate", "#indicator+num", r => Number(r.Figures.BurnRate)),
        new("timeElapsed", "#indicator+num", r => Number(r.Figures.TimeElapsed)),
        new("burnAgainstTime", "#indicator+num", r => Number(r.Figures.BurnAgainstTime)),
        new("overspent", "#status", r => r.Figures.Overspent ? "true" : "false"));

    /// <summary>The grant against its own amount first (budget = the amount), then the lines' total, the lines and the results.</summary>
    public static IEnumerable<BudgetCsvRow> BudgetRows(BudgetVsActualReport report)
    {
        var grant = report.Grant;
        yield return new BudgetCsvRow(GrantLevel, report.Currency, report.AsOf,
            new BudgetFigures("grant", report.Total.Name, null, null, grant.Amount, grant.Spent, grant.Remaining, grant.PercentSpent, null, null, null, grant.Overspent));
        yield return new BudgetCsvRow(TotalLevel, report.Currency, report.AsOf, report.Total);
        foreach (var line in report.Lines) yield return new BudgetCsvRow(LineLevel, report.Currency, report.AsOf, line);
        foreach (var result in report.Results) yield return new BudgetCsvRow(ResultLevel, report.Currency, report.AsOf, result);
    }

    public static readonly HxlTable<AppealCsvRow> AppealStatus = new(
        new("funderName", "#org+funder+name", r => r.FunderName),
        new("funderIatiIdentifier", "#org+funder+code", r => r.FunderIatiIdentifier),
        new("currency", "#currency+code", r => r.Currency),
        new("funded", "#value+reported", r => Number(r.Funded)),
        new("pledged", "#value", r => Number(r.Pledged)),
        new("requirement", "#value+approved", r => Number(r.Total?.Requirement)),
        new("coveragePercent", "#indicator+num", r => Number(r.Total?.CoveragePercent)),
        new("gap", "#value", r => Number(r.Total?.Gap)),
        new("gapPercent", "#indicator+num", r => Number(r.Total?.GapPercent)));

    /// <summary>The appeal in all first (no funder), then each funder.</summary>
    public static IEnumerable<AppealCsvRow> AppealRows(AppealCoverage coverage) =>
        coverage.ByFunder.Select(f => new AppealCsvRow(coverage.Currency, f.FunderName, f.FunderIatiIdentifier, f.Funded, f.Pledged, null))
            .Prepend(new AppealCsvRow(coverage.Currency, null, null, coverage.Funded, coverage.Pledged, coverage));

    private static string? Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);
}
