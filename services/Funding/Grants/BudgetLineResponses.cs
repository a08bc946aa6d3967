using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;

namespace JusticePlatform.Funding.Grants;

public sealed record BudgetLineResponse(
    Guid Id, Guid GrantId, string Code, string Name, string Kind, Guid? ResultId, string? CostCategory,
    decimal Amount, string Currency, string BudgetType, string BudgetStatus, DateOnly PeriodStart, DateOnly PeriodEnd, bool Closed, int Version)
{
    public static BudgetLineResponse From(BudgetLine l) => new(
        l.Id, l.GrantId, l.Code, l.Name, l.Kind, l.ResultId, l.CostCategory, l.Amount, l.Currency, l.BudgetType, l.BudgetStatus,
        l.PeriodStart, l.PeriodEnd, l.Closed, l.Version);
}
