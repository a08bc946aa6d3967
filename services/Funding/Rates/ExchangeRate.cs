using JusticePlatform.BuildingBlocks.Currencies;

namespace JusticePlatform.Funding.Rates;

/// <summary>
/// A rate entered by hand: one <see cref="Base"/> is worth <see cref="Rate"/> of <see cref="Quote"/>
/// from <see cref="EffectiveDate"/> until a later rate of the same pair. Shared reference data,
/// never changed once entered (a correction is a new entry for a later date).
/// </summary>
public sealed class ExchangeRate
{
    private ExchangeRate()
    {
    }

    public Guid Id { get; private set; }
    public string Base { get; private set; } = "";
    public string Quote { get; private set; } = "";
    public decimal Rate { get; private set; }
    public DateOnly EffectiveDate { get; private set; }
    public string Source { get; private set; } = "";
    public string EnteredBy { get; private set; } = "";
    public DateTimeOffset EnteredAt { get; private set; }

    public static ExchangeRate Enter(string baseCurrency, string quoteCurrency, decimal rate, DateOnly effectiveDate, string source, string enteredBy, DateTimeOffset now)
    {
        var from = Currency.Of(baseCurrency);
        var to = Currency.Of(quoteCurrency);
        if (rate <= 0)
        {
            throw new MoneyException("must be more than zero.");
        }

        if (from == to)
        {
            throw new MoneyException("must name two different currencies.");
        }

        if ((from.Code, to.Code) is ("EUR", "XOF") or ("XOF", "EUR"))
        {
            throw new MoneyException("XOF is pegged to EUR at 655.957; that rate is not entered.");
        }

        return new ExchangeRate
        {
            Id = Guid.CreateVersion7(now),
            Base = from.Code,
            Quote = to.Code,
            Rate = rate,
            EffectiveDate = effectiveDate,
            Source = source,
            EnteredBy = enteredBy,
            EnteredAt = now,
        };
    }

    /// <summary>The XOF–EUR parity, fixed since the euro replaced the French franc (1 EUR = 655.957 XOF).</summary>
    public static readonly ExchangeRate XofPeg = new()
    {
        Id = Guid.Empty,
        Base = "EUR",
        Quote = "XOF",
        Rate = 655.957m,
        EffectiveDate = new DateOnly(1999, 1, 1),
        Source = "fixed parity (BCEAO)",
        EnteredBy = "",
        EnteredAt = new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };
}
