using System.ComponentModel.DataAnnotations;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.BuildingBlocks.Http;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Funding.Transactions;

public sealed record TransactionRequest(
    string? Type,
    decimal? Amount,
    string? Currency,
    DateOnly? ValueDate,
    Guid? BudgetLineId,
    [property: MaxLength(200)] string? ProviderName,
    [property: MaxLength(100)] string? ProviderIatiIdentifier,
    [property: MaxLength(200)] string? ReceiverName,
    [property: MaxLength(100)] string? ReceiverIatiIdentifier)
{
    /// <param name="today">A commitment or a pledge may be dated ahead; <see cref="Dates.Planned"/> bounds every transaction's value date.</param>
    public ValidationErrors Validate(DateOnly today)
    {
        var errors = new ValidationErrors().Limits(this);
        errors.OneOf("type", Type, GrantTransaction.TypeCodes);
        foreach (var (field, message) in Money.Problems(Amount, Currency, "amount", "currency"))
        {
            errors.Add(field, message);
        }

        if (ValueDate is null)
        {
            errors.Add("valueDate", "is required.");
        }

        errors.Planned("valueDate", ValueDate, today);

        return errors;
    }
}
