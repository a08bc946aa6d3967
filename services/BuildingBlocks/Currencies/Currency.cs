namespace JusticePlatform.BuildingBlocks.Currencies;

/// <summary>An ISO 4217 currency the platform accepts, with its minor unit (digits after the decimal point).</summary>
public sealed record Currency(string Code, int MinorUnits)
{
    public static readonly Currency Xof = new("XOF", 0);
    public static readonly Currency Eur = new("EUR", 2);
    public static readonly Currency Usd = new("USD", 2);

    /// <summary>Every ISO 4217 currency (<see cref="Iso4217"/>): any of them may be used, and converted where a rate is entered.</summary>
    public static readonly IReadOnlyList<Currency> All = [.. Iso4217.Codes.Select(code => new Currency(code, Iso4217.TryMinorUnits(code, out var digits) ? digits : 2))];

    private static readonly Dictionary<string, Currency> ByCode = All.ToDictionary(c => c.Code, StringComparer.Ordinal);

    public static bool TryFind(string? code, out Currency currency)
    {
        currency = code is not null && ByCode.TryGetValue(code, out var known) ? known : null!;
        return currency is not null;
    }

    /// <summary>The currency of <paramref name="code"/>; an unknown code is refused.</summary>
    public static Currency Of(string? code) =>
        TryFind(code, out var currency) ? currency : throw new MoneyException(Iso4217.UnknownMessage);

    /// <summary>
    /// Rounds to the minor unit, half away from zero (0.5 → 1, -0.5 → -1, 2.345 EUR → 2.35):
    /// the rule of cash and invoices, and the same for credits and reversals. XOF has no minor unit.
    /// </summary>
    public decimal Round(decimal amount) => Math.Round(amount, MinorUnits, MidpointRounding.AwayFromZero);

    /// <summary>True when <paramref name="amount"/> has no more decimals than the currency allows (1.50 EUR yes, 1.505 EUR no, 10.5 XOF no).</summary>
    public bool Fits(decimal amount) => Math.Round(amount, MinorUnits) == amount;

    public override string ToString() => Code;
}

/// <summary>An amount, currency or rate the money rules refuse. Its message completes the field's name ("amount must be …").</summary>
public sealed class MoneyException(string message) : Exception(message);
