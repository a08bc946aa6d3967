using JusticePlatform.BuildingBlocks.Currencies;

namespace JusticePlatform.Funding.Rates;

/// <summary>A rate a conversion used: one <c>Base</c> = <c>Rate</c> <c>Quote</c>, in force since <c>Date</c>, from <c>Source</c>.</summary>
public sealed record RateUsed(string Base, string Quote, decimal Rate, DateOnly Date, string Source)
{
    public static RateUsed Of(ExchangeRate rate) => new(rate.Base, rate.Quote, rate.Rate, rate.EffectiveDate, rate.Source);
}

/// <summary>A converted figure: the original, the result (rounded to the target's minor unit) and every rate it used.</summary>
public sealed record Conversion(Money Original, Money Converted, IReadOnlyList<RateUsed> Rates);

/// <summary>
/// Converts money at query time with the rates known now. For each pair the rate of the value
/// date applies, or the latest one before it. XOF–EUR is the fixed parity; XOF against another
/// currency goes through EUR when no direct rate is entered. The arithmetic keeps every digit
/// and rounds once, at the end, to the target's minor unit (half away from zero).
/// </summary>
public sealed class Converter
{
    private readonly ILookup<(string, string), ExchangeRate> _rates;

    public Converter(IEnumerable<ExchangeRate> rates)
    {
        _rates = rates
            .Where(r => !IsPeggedPair(r.Base, r.Quote))
            .Append(ExchangeRate.XofPeg)
            .OrderByDescending(r => r.EffectiveDate).ThenByDescending(r => r.EnteredAt)
            .ToLookup(r => (r.Base, r.Quote));
    }

    public Conversion Convert(Money money, string? targetCurrency) => Convert(money, Currency.Of(targetCurrency));

    public Conversion Convert(Money money, Currency target)
    {
        if (money.Currency == target.Code)
        {
            return new Conversion(money, money, []);
        }

        var legs = Legs(money.Currency, target.Code, money.ValueDate)
            ?? throw new MissingRateException(money.Currency, target.Code, money.ValueDate);

        var amount = money.Amount;
        foreach (var (rate, inverse) in legs)
        {
            amount = inverse ? amount / rate.Rate : amount * rate.Rate;
        }

        var converted = Money.Of(target.Round(amount), target, money.ValueDate);
        return new Conversion(money, converted, legs.Select(l => RateUsed.Of(l.Rate)).ToList());
    }

    private List<(ExchangeRate Rate, bool Inverse)>? Legs(string from, string to, DateOnly date)
    {
        if (Direct(from, to, date) is { } direct)
        {
            return [direct];
        }

        // XOF against anything but EUR: through EUR at the fixed parity.
        if (from == "XOF" && Direct("EUR", to, date) is { } onward)
        {
            return [(ExchangeRate.XofPeg, true), onward];
        }

        if (to == "XOF" && Direct(from, "EUR", date) is { } toEuro)
        {
            return [toEuro, (ExchangeRate.XofPeg, false)];
        }

        return null;
    }

    private (ExchangeRate, bool)? Direct(string from, string to, DateOnly date)
    {
        var straight = _rates[(from, to)].FirstOrDefault(r => r.EffectiveDate <= date);
        var inverse = _rates[(to, from)].FirstOrDefault(r => r.EffectiveDate <= date);
        return (straight, inverse) switch
        {
            (null, null) => null,
            (not null, null) => (straight, false),
            (null, not null) => (inverse, true),
            // Both directions entered: the more recent applies.
            _ => straight!.EffectiveDate >= inverse!.EffectiveDate ? (straight, false) : (inverse, true),
        };
    }

    private static bool IsPeggedPair(string a, string b) => (a, b) is ("EUR", "XOF") or ("XOF", "EUR");
}

/// <summary>No rate for the pair on or before the value date: the figure cannot be shown in that currency.</summary>
public sealed class MissingRateException(string from, string to, DateOnly date)
    : Exception($"No {from}/{to} exchange rate on or before {date:yyyy-MM-dd}.")
{
    public string From { get; } = from;
    public string To { get; } = to;
    public DateOnly Date { get; } = date;
}
