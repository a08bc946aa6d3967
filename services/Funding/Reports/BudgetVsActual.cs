using JusticePlatform.Funding.Grants;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;
using JusticePlatform.Funding.Transactions;

namespace JusticePlatform.Funding.Reports;

/// <summary>Budget against spending for one line, one result or the whole grant, in the report's currency.</summary>
public sealed record BudgetFigures(
    string Key,
    string? Name,
    Guid? BudgetLineId,
    Guid? ResultId,
    decimal Budget,
    decimal Spent,
    decimal Remaining,
    decimal? PercentSpent,
    decimal? BurnRate,
    decimal? TimeElapsed,
    decimal? BurnAgainstTime,
    bool Overspent);

/// <summary>
/// Spending against the grant's own amount (not the lines' total): every expenditure on the
/// grant counts, on a line or not. Budgeted is what the lines add up to.
/// </summary>
public sealed record GrantBurn(decimal Amount, decimal Budgeted, decimal Spent, decimal Remaining, decimal? PercentSpent, bool Overspent);

/// <summary>
/// Costs of activities that name a line of the grant but could not be booked and are still open,
/// per the currency they were reported in (not converted: a missing rate is one reason they are
/// unbooked). Beside the spending, so that a reader sees what the burn does not include.
/// </summary>
public sealed record UnbookedTotal(string Currency, int Count, decimal Amount);

public sealed record BudgetVsActualReport(
    Guid GrantId,
    string Currency,
    DateOnly AsOf,
    GrantBurn Grant,
    BudgetFigures Total,
    IReadOnlyList<BudgetFigures> Lines,
    IReadOnlyList<BudgetFigures> Results,
    IReadOnlyList<RateUsed> Rates,
    string Rounding,
    IReadOnlyList<UnbookedTotal> Unbooked);

/// <summary>
/// Budget versus actual for a grant: spent = its expenditures (reversals included), each
/// converted at its own value date; budgets converted at the start of their period. Burn rate =
/// spent ÷ budget; time elapsed = days gone ÷ days in the period on <c>asOf</c>; burn against
/// time = burn rate ÷ time elapsed (above 1: spending faster than time). Ratios to 4 decimals;
/// percent spent = spent ÷ budget × 100, to 2 decimals. The grant's amount is converted at its
/// start date.
/// </summary>
public static class BudgetVsActual
{
    public static BudgetVsActualReport Compute(
        Grant grant, IReadOnlyList<BudgetLine> lines, IEnumerable<GrantTransaction> transactions, Converter converter, Currency currency, DateOnly asOf,
        IReadOnlyList<UnbookedTotal>? unbooked = null)
    {
        var rates = new List<RateUsed>();
        decimal In(decimal amount, string code, DateOnly date)
        {
            var conversion = converter.Convert(Money.Of(amount, code, date), currency);
            rates.AddRange(conversion.Rates);
            return conversion.Converted.Amount;
        }

        var spentByLine = transactions
            .Where(t => t.Type == "expenditure" && t.BudgetLineId is not null && t.ValueDate <= asOf)
            .GroupBy(t => t.BudgetLineId!.Value)
            .ToDictionary(g => g.Key, g => g.Sum(t => In(t.Amount, t.Currency, t.ValueDate)));

        var lineFigures = lines
            .OrderBy(l => l.Code, StringComparer.Ordinal)
            .Select(l => Figures(l.Code, l.Name, l.Id, l.ResultId, In(l.Amount, l.Currency, l.PeriodStart), spentByLine.GetValueOrDefault(l.Id), l.PeriodStart, l.PeriodEnd, asOf))
            .ToList();

        var resultFigures = lines.Where(l => l.ResultId is not null)
            .GroupBy(l => l.ResultId!.Value)
            .Select(g => Figures(g.Key.ToString(), null, null, g.Key,
                lineFigures.Where(f => f.ResultId == g.Key).Sum(f => f.Budget),
                lineFigures.Where(f => f.ResultId == g.Key).Sum(f => f.Spent),
                g.Min(l => l.PeriodStart), g.Max(l => l.PeriodEnd), asOf))
            .ToList();

        var total = Figures("total", grant.Title, null, null, lineFigures.Sum(f => f.Budget), lineFigures.Sum(f => f.Spent), grant.StartDate, grant.EndDate, asOf);

        var amount = In(grant.Amount, grant.Currency, grant.StartDate);
        var spentOnGrant = transactions.Where(t => t.Type == "expenditure" && t.ValueDate <= asOf).Sum(t => In(t.Amount, t.Currency, t.ValueDate));
        var grantBurn = new GrantBurn(amount, total.Budget, spentOnGrant, amount - spentOnGrant, Percent(spentOnGrant, amount), spentOnGrant > amount);
        return new BudgetVsActualReport(grant.Id, currency.Code, asOf, grantBurn, total, lineFigures, resultFigures, rates.Distinct().ToList(), ConvertedFigure.RoundingRule,
            unbooked ?? []);
    }

    /// <summary>The share of a period gone on <paramref name="asOf"/>, counting both ends: 0 before it starts, 1 from its last day.</summary>
    public static decimal TimeElapsed(DateOnly start, DateOnly end, DateOnly asOf)
    {
        var days = end.DayNumber - start.DayNumber + 1;
        var gone = Math.Clamp(asOf.DayNumber - start.DayNumber + 1, 0, days);
        return Ratio(gone, days)!.Value;
    }

    private static BudgetFigures Figures(string key, string? name, Guid? lineId, Guid? resultId, decimal budget, decimal spent, DateOnly start, DateOnly end, DateOnly asOf)
    {
        var burn = Ratio(spent, budget);
        var days = end.DayNumber - start.DayNumber + 1;
        var gone = Math.Clamp(asOf.DayNumber - start.DayNumber + 1, 0, days);
        var elapsed = TimeElapsed(start, end, asOf);
        var againstTime = budget != 0 && gone > 0 ? Ratio(spent * days, budget * gone) : null;
        return new BudgetFigures(key, name, lineId, resultId, budget, spent, budget - spent, Percent(spent, budget), burn, elapsed, againstTime, spent > budget);
    }

    private static decimal? Percent(decimal part, decimal whole) =>
        whole == 0 ? null : Math.Round(part * 100 / whole, 2, MidpointRounding.AwayFromZero);

    private static decimal? Ratio(decimal part, decimal whole) =>
        whole == 0 ? null : Math.Round(part / whole, 4, MidpointRounding.AwayFromZero);
}
