using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;

namespace JusticePlatform.UnitTests.Funding;

public sealed class MoneyTests
{
    private static readonly DateOnly Day = new(2026, 3, 1);
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("XOF", 0)]
    [InlineData("EUR", 2)]
    [InlineData("USD", 2)]
    [InlineData("GBP", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KWD", 3)]
    [InlineData("TND", 3)]
    [InlineData("CLF", 4)]
    public void Each_ISO_4217_currency_has_its_minor_unit(string code, int minorUnits) =>
        Assert.Equal(minorUnits, Currency.Of(code).MinorUnits);

    [Theory]
    [InlineData("ABC")]
    [InlineData("XDR")]
    [InlineData("VEF")]
    [InlineData("xof")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_currency_is_refused(string? code) =>
        Assert.Throws<MoneyException>(() => Money.Of(10m, code, Day));

    [Theory]
    [InlineData("10.5", "XOF")]
    [InlineData("1.505", "EUR")]
    [InlineData("0.001", "USD")]
    [InlineData("0.1234567890123456789012345678", "EUR")]
    [InlineData("100.5", "JPY")]
    [InlineData("1.0005", "KWD")]
    public void More_decimals_than_the_currency_allows_are_refused(string amount, string code) =>
        Assert.Throws<MoneyException>(() => Money.Of(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), code, Day));

    [Theory]
    [InlineData("10.50", "EUR")]
    [InlineData("10.5", "USD")]
    [InlineData("89000000", "XOF")]
    [InlineData("89000000.00", "XOF")]
    [InlineData("1.005", "KWD")]
    [InlineData("15000", "JPY")]
    public void Trailing_zeros_are_not_extra_decimals(string amount, string code) =>
        Assert.Equal(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), Money.Of(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), code, Day).Amount);

    [Fact]
    public void A_request_with_thirty_decimals_an_unknown_currency_and_a_negative_amount_names_each_field()
    {
        Assert.Contains(Money.Problems(0.123456789012345678901234567890m, "EUR", "amount", "currency"), p => p.Field == "amount");
        Assert.Contains(Money.Problems(10m, "ABC", "amount", "currency"), p => p.Field == "currency");
        Assert.Contains(Money.Problems(-5m, "USD", "amount", "currency"), p => p.Field == "amount");
        Assert.Contains(Money.Problems(0m, "USD", "amount", "currency"), p => p.Field == "amount");
        Assert.Empty(Money.Problems(5m, "USD", "amount", "currency"));
        Assert.Empty(Money.Problems(-5m, "USD", "amount", "currency", positive: false));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1.08")]
    public void A_rate_of_zero_or_below_is_refused(string rate) =>
        Assert.Throws<MoneyException>(() => ExchangeRate.Enter("EUR", "USD", decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), Day, "ECB", "admin", Now));

    [Fact]
    public void A_rate_for_an_unknown_currency_is_refused() =>
        Assert.Throws<MoneyException>(() => ExchangeRate.Enter("EUR", "ABC", 0.85m, Day, "ECB", "admin", Now));

    [Fact]
    public void A_rate_between_two_ISO_4217_currencies_besides_xof_euro_and_dollar_can_be_entered() =>
        Assert.Equal("JPY", ExchangeRate.Enter("GBP", "JPY", 190m, Day, "Bank of England", "admin", Now).Quote);

    [Fact]
    public void Every_IATI_currency_that_is_neither_withdrawn_nor_without_minor_unit_is_accepted() =>
        Assert.Equal(165, Currency.All.Count);

    [Fact]
    public void The_pegged_xof_euro_rate_cannot_be_entered() =>
        Assert.Throws<MoneyException>(() => ExchangeRate.Enter("EUR", "XOF", 650m, Day, "someone", "admin", Now));

    [Theory]
    [InlineData("XOF", "2.5", "3")]
    [InlineData("XOF", "-2.5", "-3")]
    [InlineData("XOF", "1311914000.000", "1311914000")]
    [InlineData("EUR", "2.345", "2.35")]
    [InlineData("EUR", "2.335", "2.34")]
    [InlineData("USD", "-0.125", "-0.13")]
    [InlineData("USD", "0.124999", "0.12")]
    public void Rounding_is_half_away_from_zero_to_the_minor_unit(string code, string amount, string rounded) =>
        Assert.Equal(decimal.Parse(rounded, System.Globalization.CultureInfo.InvariantCulture),
            Currency.Of(code).Round(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
}
