using CurrencyUnit = JusticePlatform.BuildingBlocks.Currencies.Currency;

namespace JusticePlatform.BuildingBlocks.Currencies;

/// <summary>
/// An amount in an ISO 4217 currency on a value date (the date whose exchange rate applies).
/// Decimal, never floating point. A class with private setters, so that EF Core can own it in a row
/// (an activity's planned and actual cost); built only through <see cref="Of(decimal, string?, DateOnly)"/>
/// (checked against the currency's minor unit) or <see cref="Reported"/> (as a partner reported it).
/// </summary>
public sealed class Money
{
    private Money()
    {
    }

    public decimal Amount { get; private set; }

    /// <summary>The ISO 4217 code.</summary>
    public string Currency { get; private set; } = "";

    public DateOnly ValueDate { get; private set; }

    /// <summary>Money with no more decimals than its currency's minor unit; <see cref="MoneyException"/> for an unknown currency or too many decimals.</summary>
    public static Money Of(decimal amount, string? currency, DateOnly valueDate) => Of(amount, CurrencyUnit.Of(currency), valueDate);

    public static Money Of(decimal amount, CurrencyUnit currency, DateOnly valueDate)
    {
        if (!currency.Fits(amount))
        {
            throw new MoneyException(currency.MinorUnits == 0
                ? $"must be a whole number of {currency.Code} ({currency.Code} has no minor unit)."
                : $"must have at most {currency.MinorUnits} decimals in {currency.Code}.");
        }

        return Reported(amount, currency.Code, valueDate);
    }

    /// <summary>
    /// A cost as a partner reported it (an accepted currency, two decimals at most): where it is booked,
    /// Funding checks it with <see cref="Of(decimal, string?, DateOnly)"/>, and one that does not fit is listed there.
    /// </summary>
    public static Money Reported(decimal amount, string currency, DateOnly valueDate) =>
        new() { Amount = amount, Currency = currency, ValueDate = valueDate };

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
        else if (!CurrencyUnit.TryFind(currency, out var known))
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

    public override string ToString() => $"{Amount} {Currency} ({ValueDate:yyyy-MM-dd})";
}
