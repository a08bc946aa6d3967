using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.UnitTests.Activities;

/// <summary>An activity's cost takes the same ISO 4217 currencies as Funding.</summary>
public sealed class ActivityCostTests
{
    private static readonly DateOnly Day = new(2026, 3, 1);

    private static ValidationErrors Validate(decimal amount, string? currency)
    {
        var errors = new ValidationErrors();
        new MoneyRequest(amount, currency, Day).Validate("actualCost", errors, Day);
        return errors;
    }

    [Theory]
    [InlineData("150000", "JPY")]
    [InlineData("12.34", "KWD")]
    [InlineData("1200.50", "GBP")]
    [InlineData("89000000", "XOF")]
    public void A_cost_in_any_ISO_4217_currency_is_accepted(string amount, string currency) =>
        Assert.True(Validate(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency).IsValid);

    [Theory]
    [InlineData("ABC")]
    [InlineData("VEF")]
    [InlineData("jpy")]
    public void A_cost_in_a_code_that_is_no_current_ISO_4217_currency_is_refused_naming_the_currency(string currency) =>
        Assert.Equal(["is not an ISO 4217 currency code."], Validate(10m, currency).Fields["actualCost.currency"]);
}
