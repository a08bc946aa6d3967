using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;

namespace JusticePlatform.UnitTests.Funding;

public sealed class ConverterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static ExchangeRate Rate(string from, string to, decimal rate, string date, string source = "ECB euro reference rate") =>
        ExchangeRate.Enter(from, to, rate, DateOnly.Parse(date), source, "admin", Now);

    private static readonly Converter Rates = new([
        Rate("EUR", "USD", 1.0300m, "2025-01-02"),
        Rate("EUR", "USD", 1.0850m, "2026-01-02"),
        Rate("EUR", "USD", 1.1500m, "2026-06-01"),
    ]);

    [Fact]
    public void The_justice_project_grant_of_89_million_xof_is_135_679_63_eur_at_the_fixed_parity()
    {
        var conversion = Rates.Convert(Money.Of(89_000_000m, "XOF", new DateOnly(2026, 3, 1)), "EUR");

        Assert.Equal(135_679.63m, conversion.Converted.Amount);
        Assert.Equal("EUR", conversion.Converted.Currency);
        var rate = Assert.Single(conversion.Rates);
        Assert.Equal(new RateUsed("EUR", "XOF", 655.957m, new DateOnly(1999, 1, 1), "fixed parity (BCEAO)"), rate);
    }

    [Fact]
    public void The_justice_project_grant_in_usd_goes_through_eur_and_shows_both_rates()
    {
        var conversion = Rates.Convert(Money.Of(89_000_000m, "XOF", new DateOnly(2026, 3, 1)), "USD");

        // 89,000,000 ÷ 655.957 × 1.0850 = 147,212.3935…, rounded once at the end.
        Assert.Equal(147_212.39m, conversion.Converted.Amount);
        Assert.Equal(2, conversion.Rates.Count);
        Assert.Equal(655.957m, conversion.Rates[0].Rate);
        Assert.Equal(new RateUsed("EUR", "USD", 1.0850m, new DateOnly(2026, 1, 2), "ECB euro reference rate"), conversion.Rates[1]);
    }

    [Fact]
    public void The_eu_grant_of_2_million_eur_is_1_311_914_000_xof()
    {
        var conversion = Rates.Convert(Money.Of(2_000_000m, "EUR", new DateOnly(2024, 5, 1)), "XOF");

        Assert.Equal(1_311_914_000m, conversion.Converted.Amount);
        Assert.Equal(655.957m, Assert.Single(conversion.Rates).Rate);
    }

    [Theory]
    [InlineData("2026-01-01", "1.0300", "2025-01-02")] // the day before a new rate: the older one
    [InlineData("2026-01-02", "1.0850", "2026-01-02")] // its own day
    [InlineData("2026-05-31", "1.0850", "2026-01-02")] // the latest before
    [InlineData("2026-11-25", "1.1500", "2026-06-01")]
    public void The_rate_of_the_value_date_or_the_latest_before_it_applies(string valueDate, string expectedRate, string rateDate)
    {
        var conversion = Rates.Convert(Money.Of(100m, "EUR", DateOnly.Parse(valueDate)), "USD");

        var used = Assert.Single(conversion.Rates);
        Assert.Equal(decimal.Parse(expectedRate, System.Globalization.CultureInfo.InvariantCulture), used.Rate);
        Assert.Equal(DateOnly.Parse(rateDate), used.Date);
    }

    [Fact]
    public void A_value_date_before_any_rate_cannot_be_converted() =>
        Assert.Throws<MissingRateException>(() => Rates.Convert(Money.Of(100m, "EUR", new DateOnly(2020, 1, 1)), "USD"));

    [Fact]
    public void A_rate_entered_the_other_way_round_is_divided_by()
    {
        var conversion = Rates.Convert(Money.Of(1_085m, "USD", new DateOnly(2026, 3, 1)), "EUR");

        Assert.Equal(1_000m, conversion.Converted.Amount);
    }

    [Fact]
    public void A_direct_usd_xof_rate_is_preferred_to_the_cross_rate_through_eur()
    {
        var converter = new Converter([Rate("EUR", "USD", 1.0850m, "2026-01-02"), Rate("USD", "XOF", 600m, "2026-02-01", "BCEAO")]);

        var conversion = converter.Convert(Money.Of(1_000m, "USD", new DateOnly(2026, 3, 1)), "XOF");

        Assert.Equal(600_000m, conversion.Converted.Amount);
        Assert.Equal("BCEAO", Assert.Single(conversion.Rates).Source);
    }

    [Fact]
    public void A_midpoint_is_rounded_away_from_zero_not_to_even()
    {
        var converter = new Converter([Rate("USD", "EUR", 0.5m, "2026-01-01")]);

        Assert.Equal(0.03m, converter.Convert(Money.Of(0.05m, "USD", new DateOnly(2026, 2, 1)), "EUR").Converted.Amount);
        Assert.Equal(-0.03m, converter.Convert(Money.Of(-0.05m, "USD", new DateOnly(2026, 2, 1)), "EUR").Converted.Amount);
    }

    [Fact]
    public void The_same_currency_converts_to_itself_with_no_rate()
    {
        var conversion = Rates.Convert(Money.Of(42m, "XOF", new DateOnly(2026, 3, 1)), "XOF");

        Assert.Equal(42m, conversion.Converted.Amount);
        Assert.Empty(conversion.Rates);
    }

    [Fact]
    public void Converting_to_an_unknown_currency_is_refused() =>
        Assert.Throws<MoneyException>(() => Rates.Convert(Money.Of(42m, "XOF", new DateOnly(2026, 3, 1)), "ABC"));
}
