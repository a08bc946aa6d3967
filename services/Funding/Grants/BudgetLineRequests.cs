using System.ComponentModel.DataAnnotations;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Funding.Grants;

public sealed record BudgetLineRequest(
    [property: MaxLength(50)] string? Code,
    [property: MaxLength(200)] string? Name,
    string? Kind,
    Guid? ResultId,
    [property: MaxLength(100)] string? CostCategory,
    decimal? Amount,
    string? BudgetType,
    string? BudgetStatus,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    bool? Closed = null)
{
    /// <summary>The line's currency is its grant's.</summary>
    public ValidationErrors Validate(Grant grant)
    {
        var errors = new ValidationErrors().Limits(this);
        errors.Required("code", Code);
        errors.Required("name", Name);
        errors.OneOf("kind", Kind, BudgetLine.Kinds);
        if (Kind == "result" && (ResultId is null || ResultId == Guid.Empty))
        {
            errors.Add("resultId", "is required for a line per result.");
        }

        if (Kind == "cost-category")
        {
            errors.Required("costCategory", CostCategory);
        }

        foreach (var (field, message) in Money.Problems(Amount, grant.Currency, "amount", "currency"))
        {
            errors.Add(field, message);
        }

        errors.OneOf("budgetType", BudgetType, BudgetLine.BudgetTypes, required: false);
        errors.OneOf("budgetStatus", BudgetStatus, BudgetLine.BudgetStatuses, required: false);
        if (PeriodStart is null)
        {
            errors.Add("periodStart", "is required.");
        }

        if (PeriodEnd is null)
        {
            errors.Add("periodEnd", "is required.");
        }
        else if (PeriodStart is { } start && PeriodEnd < start)
        {
            errors.Add("periodEnd", "must not be before periodStart.");
        }

        // The grant's own dates are checked when it is entered; a line may run a little past them, not for ever.
        var latest = Dates.LatestPlanned(grant.EndDate);
        return errors.Plausible("periodStart", PeriodStart, latest).Plausible("periodEnd", PeriodEnd, latest);
    }
}
