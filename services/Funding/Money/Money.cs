using JusticePlatform.BuildingBlocks.Currencies;

namespace JusticePlatform.Funding.Money;

/// <summary>
/// An amount in an ISO 4217 currency on a value date (the date whose exchange rate applies).
/// Decimal, never floating point; never more decimals than the currency's minor unit.
/// </summary>
public sealed record Money
{
    private Money(decimal amount, Currency currency, DateOnly valueDate)
    {
        Amount = amount;
        Currency = currency;
        ValueDate = valueDate;
    }

    public decimal Amount { get; }
    public Currency Currency { get; }
    public DateOnly ValueDate { get; }

    public static Money Of(decimal amount, string? currency, DateOnly valueDate) => Of(amount, Currency.Of(currency), valueDate);

    public static Money Of(decimal amount, Currency currency, DateOnly valueDate)
    {
        if (!currency.Fits(amount))
        {
            throw new MoneyException(currency.MinorUnits == 0
                ? $"must be a whole number of {currency.Code} ({currency.Code} has no minor unit)."
                : $"must have at most {currency.MinorUnits} decimals in {currency.Code}.");
        }

        return new Money(amount, currency, valueDate);
    }

    /// <summary>
    /// Checks an amount and currency as a request gives them, and names what is wrong:
    /// (field, message) pairs for the currency and the amount. <paramref name="positive"/> refuses zero and negatives.
    /// </summary>
    public static IEnumerable<(string Field, string Message)> Problems(decimal? amount, string? currency, string amountField, string currencyField, bool positive = true)
    {
        if (string.IsNullOrWhiteSpace(currency))
        {
            yield return (currencyField, "is required.");
        }
        else if (!Currency.TryFind(currency, out var known))
        {
            yield return (currencyField, Iso4217.UnknownMessage);
        }
        else if (amount is { } value && !known.Fits(value))
        {
            yield return (amountField, known.MinorUnits == 0
                ? $"must be a whole number of {known.Code} ({known.Code} has no minor unit)."
                : $"must have at most {known.MinorUnits} decimals in {known.Code}.");
        }

        if (amount is null)
        {
            yield return (amountField, "is required.");
        }
        else if (positive && amount <= 0)
        {
            yield return (amountField, "must be more than zero.");
        }
    }

    public override string ToString() => $"{Amount} {Currency.Code} ({ValueDate:yyyy-MM-dd})";
}
