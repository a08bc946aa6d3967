using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;

namespace JusticePlatform.Funding.Appeals;

/// <summary>One funder's contributions, in the report's currency.</summary>
public sealed record FunderFigures(string FunderName, string? FunderIatiIdentifier, decimal Funded, decimal Pledged);

/// <summary>
/// The funding status of an appeal, OCHA FTS style: funded = commitments + paid; pledges are
/// shown but not counted; coverage = funded ÷ requirement, as a percentage to two decimals and
/// as published (whole percent); the gap is the rest. Percentages round half away from zero.
/// </summary>
public sealed record AppealCoverage(
    decimal Requirement,
    string Currency,
    decimal Funded,
    decimal Pledged,
    decimal CoveragePercent,
    string CoveragePublished,
    decimal Gap,
    decimal GapPercent,
    string GapPublished,
    IReadOnlyList<FunderFigures> ByFunder,
    IReadOnlyList<RateUsed> Rates)
{
    public static AppealCoverage Compute(Appeal appeal, IEnumerable<Contribution> contributions, Converter converter, Currency currency)
    {
        var rates = new List<RateUsed>();
        decimal In(decimal amount, string code, DateOnly date)
        {
            var conversion = converter.Convert(Money.Of(amount, code, date), currency);
            rates.AddRange(conversion.Rates);
            return conversion.Converted.Amount;
        }

        var requirement = In(appeal.Requirement, Appeal.RequirementCurrency, appeal.ValueDate);
        var figures = contributions
            .Select(c => (c.FunderName, c.FunderIatiIdentifier, c.Status, Amount: In(c.Amount, c.Currency, c.Date)))
            .ToList();

        var byFunder = figures
            .GroupBy(f => (f.FunderName, f.FunderIatiIdentifier))
            .Select(g => new FunderFigures(g.Key.FunderName, g.Key.FunderIatiIdentifier,
                g.Where(f => f.Status != "pledge").Sum(f => f.Amount),
                g.Where(f => f.Status == "pledge").Sum(f => f.Amount)))
            .OrderByDescending(f => f.Funded).ThenBy(f => f.FunderName, StringComparer.Ordinal)
            .ToList();

        var funded = byFunder.Sum(f => f.Funded);
        var pledged = byFunder.Sum(f => f.Pledged);
        var coverage = requirement == 0 ? 0m : funded / requirement * 100m;
        var gap = Math.Max(0m, requirement - funded);
        var gapShare = requirement == 0 ? 0m : gap / requirement * 100m;

        return new AppealCoverage(
            requirement,
            currency.Code,
            funded,
            pledged,
            Percent(coverage),
            Published(coverage),
            gap,
            Percent(gapShare),
            Published(gapShare),
            byFunder,
            rates.Distinct().ToList());
    }

    private static decimal Percent(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    private static string Published(decimal value) =>
        $"{Math.Round(value, 0, MidpointRounding.AwayFromZero).ToString(System.Globalization.CultureInfo.InvariantCulture)} %";
}
