using JusticePlatform.Funding.Appeals;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;

namespace JusticePlatform.UnitTests.Funding;

public sealed class AppealCoverageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Converter Rates = new([ExchangeRate.Enter("EUR", "USD", 1.0850m, new DateOnly(2025, 12, 31), "ECB", "admin", Now)]);

    private static readonly Appeal Protection = Appeal.Create(new AppealRequest("Mali protection operation 2026", 2026, 40_000_000m, "USD"), Now);

    private static Contribution Paid(string funder, decimal usd, string status = "paid") =>
        Contribution.Create(Protection.Id, new ContributionRequest(funder, null, usd, "USD", new DateOnly(2026, 4, 1), status), Now);

    private static readonly List<Contribution> FourPaid =
    [
        Paid("CERF", 429_022m),
        Paid("France", 462_866m),
        Paid("Sweden", 885_054m),
        Paid("Japan", 1_292_000m),
    ];

    [Fact]
    public void Four_paid_contributions_fund_3_068_942_of_40_million_a_coverage_of_7_67_percent_published_as_8()
    {
        var status = AppealCoverage.Compute(Protection, FourPaid, Rates, Currency.Usd);

        Assert.Equal(40_000_000m, status.Requirement);
        Assert.Equal(3_068_942m, status.Funded);
        Assert.Equal(7.67m, status.CoveragePercent);
        Assert.Equal("8 %", status.CoveragePublished);
        Assert.Equal(36_931_058m, status.Gap);
        Assert.Equal(92.33m, status.GapPercent);
        Assert.Equal("92 %", status.GapPublished);
        Assert.Equal(["Japan", "Sweden", "France", "CERF"], status.ByFunder.Select(f => f.FunderName));
    }

    [Fact]
    public void A_pledge_on_top_is_shown_but_changes_neither_funded_nor_coverage()
    {
        var status = AppealCoverage.Compute(Protection, [.. FourPaid, Paid("Germany", 2_000_000m, "pledge")], Rates, Currency.Usd);

        Assert.Equal(3_068_942m, status.Funded);
        Assert.Equal(2_000_000m, status.Pledged);
        Assert.Equal(7.67m, status.CoveragePercent);
        Assert.Equal(2_000_000m, status.ByFunder.Single(f => f.FunderName == "Germany").Pledged);
    }

    [Fact]
    public void A_pledge_that_becomes_a_commitment_counts()
    {
        var status = AppealCoverage.Compute(Protection, [.. FourPaid, Paid("Germany", 2_000_000m, "commitment")], Rates, Currency.Usd);

        Assert.Equal(5_068_942m, status.Funded);
        Assert.Equal(12.67m, status.CoveragePercent);
        Assert.Equal("13 %", status.CoveragePublished);
    }

    [Fact]
    public void The_status_in_eur_converts_every_figure_at_its_date_and_shows_the_rate()
    {
        var status = AppealCoverage.Compute(Protection, FourPaid, Rates, Currency.Eur);

        Assert.Equal("EUR", status.Currency);
        Assert.Equal(Math.Round(40_000_000m / 1.0850m, 2, MidpointRounding.AwayFromZero), status.Requirement);
        Assert.Equal(7.67m, status.CoveragePercent);
        Assert.Equal(1.0850m, Assert.Single(status.Rates).Rate);
    }
}
