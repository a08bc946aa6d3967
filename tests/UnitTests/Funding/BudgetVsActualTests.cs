using JusticePlatform.Funding.Grants;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;
using JusticePlatform.Funding.Organisations;
using JusticePlatform.Funding.Reports;
using JusticePlatform.Funding.Transactions;

namespace JusticePlatform.UnitTests.Funding;

public sealed class BudgetVsActualTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Result11 = Guid.NewGuid();
    private static readonly Converter Rates = new([ExchangeRate.Enter("EUR", "USD", 1.0850m, new DateOnly(2025, 12, 31), "ECB", "admin", Now)]);

    private static readonly Grant Justice = Grant.Create("amss",
        new GrantRequest("Access to justice, Goundam and Timbuktu", null, Guid.NewGuid(), null, "amss", Guid.NewGuid(), "amss",
            89_000_000m, "XOF", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "active"),
        Organisation.Create(new OrganisationRequest("USAID", "US-GOV-1", "government", "donor"), Now), Now);

    private static readonly BudgetLine Trainings = BudgetLine.Create(Justice,
        new BudgetLineRequest("1.1", "Trainings of community relays", "result", Result11, null, 10_000_000m, null, null, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)), Now);

    private static readonly BudgetLine Radio = BudgetLine.Create(Justice,
        new BudgetLineRequest("1.2", "Radio debates", "result", Result11, null, 5_000_000m, null, null, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)), Now);

    private static GrantTransaction Spent(BudgetLine line, decimal amount, string currency, string date) =>
        GrantTransaction.Record(Justice.Id, new TransactionRequest("expenditure", amount, currency, DateOnly.Parse(date), line.Id, null, null, null, null), Now);

    [Fact]
    public void Spending_in_eur_on_an_xof_line_is_converted_at_the_parity_and_burn_is_spent_over_budget()
    {
        var report = BudgetVsActual.Compute(Justice, [Trainings, Radio],
            [Spent(Trainings, 2_000_000m, "XOF", "2026-03-01"), Spent(Trainings, 3_048.98m, "EUR", "2026-04-01")],
            Rates, Currency.Xof, new DateOnly(2026, 7, 2));

        var line = report.Lines.Single(l => l.BudgetLineId == Trainings.Id);
        Assert.Equal(4_000_000m, line.Spent); // 3,048.98 EUR × 655.957 = 1,999,999.91 → 2,000,000 XOF
        Assert.Equal(0.4m, line.BurnRate);
        Assert.Equal(0.5014m, line.TimeElapsed); // 2 July is day 183 of 365
        Assert.Equal(0.7978m, line.BurnAgainstTime); // 0.4 ÷ (183 / 365)
        Assert.Equal(6_000_000m, line.Remaining);
        Assert.Equal(15_000_000m, report.Total.Budget);
        Assert.Equal(4_000_000m, Assert.Single(report.Results).Spent);
    }

    [Fact]
    public void The_grant_figures_count_every_expenditure_against_the_grants_own_amount()
    {
        var offLine = GrantTransaction.Record(Justice.Id,
            new TransactionRequest("expenditure", 1_000_000m, "XOF", new DateOnly(2026, 3, 1), null, null, null, null, null), Now);

        var report = BudgetVsActual.Compute(Justice, [Trainings], [Spent(Trainings, 2_000_000m, "XOF", "2026-03-01"), offLine],
            Rates, Currency.Xof, new DateOnly(2026, 7, 2));

        Assert.Equal(new GrantBurn(89_000_000m, 10_000_000m, 3_000_000m, 86_000_000m, 3.37m, false), report.Grant); // 3 ÷ 89 = 3.3707…%
        Assert.Equal(20.00m, report.Lines[0].PercentSpent);
    }

    [Fact]
    public void The_report_in_usd_shows_the_rates_it_used()
    {
        var report = BudgetVsActual.Compute(Justice, [Trainings], [Spent(Trainings, 2_000_000m, "XOF", "2026-03-01")], Rates, Currency.Usd, new DateOnly(2026, 7, 2));

        Assert.Equal("USD", report.Currency);
        Assert.Contains(report.Rates, r => r.Rate == 655.957m);
        Assert.Contains(report.Rates, r => r.Rate == 1.0850m);
        Assert.Equal(Math.Round(2_000_000m / 655.957m * 1.0850m, 2, MidpointRounding.AwayFromZero), report.Lines[0].Spent);
    }

    [Fact]
    public void A_reversed_expenditure_no_longer_counts()
    {
        var spent = Spent(Radio, 1_000_000m, "XOF", "2026-03-01");
        var reversal = spent.Reverse(Now);

        var report = BudgetVsActual.Compute(Justice, [Radio], [spent, reversal], Rates, Currency.Xof, new DateOnly(2026, 7, 2));

        Assert.Equal(0m, report.Lines[0].Spent);
    }

    [Fact]
    public void An_expenditure_that_takes_a_line_over_its_budget_raises_one_event_and_later_ones_raise_none()
    {
        var first = Overspending.Check(Radio, 4_000_000m, 5_500_000m, Now);
        var later = Overspending.Check(Radio, 5_500_000m, 6_000_000m, Now);
        var within = Overspending.Check(Radio, 1_000_000m, 5_000_000m, Now);

        Assert.NotNull(first);
        Assert.Equal(5_000_000m, first.Budget);
        Assert.Equal(5_500_000m, first.Spent);
        Assert.Equal("XOF", first.Currency);
        Assert.Null(later);
        Assert.Null(within);
    }

    [Theory]
    [InlineData("2025-12-31", "0")]
    [InlineData("2026-01-01", "0.0027")]
    [InlineData("2026-12-31", "1")]
    [InlineData("2027-06-01", "1")]
    public void Time_elapsed_counts_both_ends_of_the_period(string asOf, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            BudgetVsActual.TimeElapsed(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), DateOnly.Parse(asOf)));
}
