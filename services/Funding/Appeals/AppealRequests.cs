using System.ComponentModel.DataAnnotations;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.BuildingBlocks.Http;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Funding.Appeals;

public sealed record AppealRequest([property: MaxLength(300)] string? Name, [property: Range(2000, 2100)] int? Year, decimal? Requirement, string? Currency)
{
    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors().Limits(this);
        errors.Required("name", Name);
        if (Year is null)
        {
            errors.Add("year", "is required: a year between 2000 and 2100.");
        }

        foreach (var (field, message) in Money.Problems(Requirement, Currency ?? Appeal.RequirementCurrency, "requirement", "currency"))
        {
            errors.Add(field, message);
        }

        if (Currency is not null && Currency != Appeal.RequirementCurrency)
        {
            errors.Add("currency", "an appeal's requirement is in USD, as OCHA FTS publishes it.");
        }

        return errors;
    }
}

public sealed record ContributionRequest([property: MaxLength(200)] string? FunderName, [property: MaxLength(100)] string? FunderIatiIdentifier, decimal? Amount, string? Currency, DateOnly? Date, string? Status)
{
    /// <param name="today">A pledge may be dated ahead: the date is bounded as a planned one.</param>
    public ValidationErrors Validate(DateOnly today)
    {
        var errors = new ValidationErrors().Limits(this);
        errors.Required("funderName", FunderName);
        foreach (var (field, message) in Money.Problems(Amount, Currency, "amount", "currency"))
        {
            errors.Add(field, message);
        }

        if (Date is null)
        {
            errors.Add("date", "is required.");
        }

        errors.Planned("date", Date, today);

        errors.OneOf("status", Status, Contribution.Statuses);
        return errors;
    }
}
