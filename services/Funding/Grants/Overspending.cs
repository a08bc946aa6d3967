using JusticePlatform.Contracts.Funding;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;
using JusticePlatform.Funding.Transactions;

namespace JusticePlatform.Funding.Grants;

/// <summary>
/// A line is overspent when its expenditures (reversals included, each converted into the line's
/// currency at its value date) exceed its budget. The event is raised when an expenditure takes
/// the line across its budget, not again for later ones while it stays over.
/// </summary>
public static class Overspending
{
    public static decimal Spent(BudgetLine line, IEnumerable<GrantTransaction> transactions, Converter converter) =>
        transactions
            .Where(t => t.Type == "expenditure" && t.BudgetLineId == line.Id)
            .Sum(t => converter.Convert(Money.Of(t.Amount, t.Currency, t.ValueDate), line.Currency).Converted.Amount);

    public static BudgetLineOverspent? Check(BudgetLine line, decimal spentBefore, decimal spentAfter, DateTimeOffset now) =>
        spentBefore <= line.Amount && spentAfter > line.Amount
            ? new BudgetLineOverspent(line.GrantId, line.Id, line.Currency, line.Amount, spentAfter, now)
            : null;
}
