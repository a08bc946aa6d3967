using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.Activities.FieldActivities;

/// <summary>An amount in an ISO 4217 currency, with the date whose exchange rate applies. Never a double.</summary>
public sealed class Money
{
    /// <summary>Every ISO 4217 currency, as Funding accepts them: a cost in any of them is booked where a rate is entered.</summary>
    public static readonly CodeList Currencies = Iso4217.CodeList("currency", ["currency"]);

    public decimal Amount { get; set; }
    public string Currency { get; set; } = "";
    public DateOnly ValueDate { get; set; }

    public static Money Of(decimal amount, string currency, DateOnly valueDate) => new() { Amount = amount, Currency = currency, ValueDate = valueDate };
}

public sealed record MoneyRequest(decimal? Amount, string? Currency, DateOnly? ValueDate)
{
    /// <param name="latestValueDate">The latest plausible value date: today for what was spent, some years ahead for what is planned.</param>
    public void Validate(string field, ValidationErrors errors, DateOnly latestValueDate)
    {
        if (Amount is not { } amount)
        {
            errors.Add($"{field}.amount", "is required.");
        }
        else if (amount < 0 || amount > 1_000_000_000_000m)
        {
            errors.Add($"{field}.amount", "must be between 0 and 1000000000000.");
        }
        else if (decimal.Round(amount, 2) != amount)
        {
            errors.Add($"{field}.amount", "has at most two decimals.");
        }

        errors.Currency($"{field}.currency", Currency);
        if (ValueDate is null)
        {
            errors.Add($"{field}.valueDate", "is required: the date whose exchange rate applies.");
        }

        errors.Plausible($"{field}.valueDate", ValueDate, latestValueDate);
    }

    public Money ToMoney() => Money.Of(Amount!.Value, Currency!, ValueDate!.Value);
}

public sealed record MoneyResponse(decimal Amount, string Currency, DateOnly ValueDate)
{
    public static MoneyResponse? From(Money? money) => money is null ? null : new(money.Amount, money.Currency, money.ValueDate);
}
