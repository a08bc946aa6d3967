using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.TestSupport;

namespace JusticePlatform.IntegrationTests.Funding;

public sealed class AppealCoverageFixture : PlatformFixture
{
    protected override PlatformOptions Options => new() { Activities = false, Funding = true, Gateway = true };
}

/// <summary>The protection appeal of the country operation: USD 40 million requested, 8 % funded.</summary>
public sealed class AppealCoverageTests(AppealCoverageFixture fixture) : IClassFixture<AppealCoverageFixture>
{
    private TestPlatform Platform => fixture.Platform;

    private static object Contribution(string funder, decimal usd, string status) =>
        new { funderName = funder, amount = usd, currency = "USD", date = new DateOnly(2026, 4, 1), status };

    [Fact]
    public async Task Four_paid_contributions_cover_7_67_percent_published_as_8_and_a_pledge_counts_only_once_committed()
    {
        using var operation = await Platform.FundingPartnerAsync(Platform.Gateway!, "unhcr-mali");
        var appeal = (await operation.PostOkAsync("/api/v1/funding/appeals",
            new { name = "Mali protection operation 2026", year = 2026, requirement = 40_000_000m, currency = "USD" })).Id();
        foreach (var (funder, amount) in new[] { ("CERF", 429_022m), ("France", 462_866m), ("Sweden", 885_054m), ("Japan", 1_292_000m) })
        {
            await operation.PostOkAsync($"/api/v1/funding/appeals/{appeal}/contributions", Contribution(funder, amount, "paid"));
        }

        var status = await operation.GetOkAsync($"/api/v1/funding/appeals/{appeal}/funding-status");
        Assert.Equal(40_000_000m, status.GetProperty("requirement").GetDecimal());
        Assert.Equal(3_068_942m, status.GetProperty("funded").GetDecimal());
        Assert.Equal(7.67m, status.GetProperty("coveragePercent").GetDecimal());
        Assert.Equal("8 %", status.GetProperty("coveragePublished").GetString());
        Assert.Equal(36_931_058m, status.GetProperty("gap").GetDecimal());
        Assert.Equal("92 %", status.GetProperty("gapPublished").GetString());
        Assert.Equal(4, status.GetProperty("byFunder").GetArrayLength());

        var pledge = await operation.PostAsJsonAsync($"/api/v1/funding/appeals/{appeal}/contributions", Contribution("Germany", 2_000_000m, "pledge"));
        var pledgeId = (await pledge.Content.ReadFromJsonAsync<JsonElement>()).Id();

        var withPledge = await operation.GetOkAsync($"/api/v1/funding/appeals/{appeal}/funding-status");
        Assert.Equal(3_068_942m, withPledge.GetProperty("funded").GetDecimal());
        Assert.Equal(7.67m, withPledge.GetProperty("coveragePercent").GetDecimal());
        Assert.Equal(2_000_000m, withPledge.GetProperty("pledged").GetDecimal());

        using var commit = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/funding/appeals/{appeal}/contributions/{pledgeId}")
        {
            Content = JsonContent.Create(Contribution("Germany", 2_000_000m, "commitment")),
        };
        commit.Headers.TryAddWithoutValidation("If-Match", pledge.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, (await operation.SendAsync(commit)).StatusCode);

        var committed = await operation.GetOkAsync($"/api/v1/funding/appeals/{appeal}/funding-status");
        Assert.Equal(5_068_942m, committed.GetProperty("funded").GetDecimal());
        Assert.Equal(12.67m, committed.GetProperty("coveragePercent").GetDecimal());
        Assert.Equal(0m, committed.GetProperty("pledged").GetDecimal());
    }

    [Fact]
    public async Task The_funding_status_in_xof_shows_the_rates_used()
    {
        using var admin = await Platform.RatesAdminAsync(Platform.Gateway!);
        await admin.EnterRateAsync("EUR", "USD", 1.0850m, new DateOnly(2025, 12, 31));
        using var operation = await Platform.FundingPartnerAsync(Platform.Gateway!, "unhcr-mali-xof");
        var appeal = (await operation.PostOkAsync("/api/v1/funding/appeals",
            new { name = "Mali protection operation 2026", year = 2026, requirement = 1_085_000m, currency = "USD" })).Id();

        var status = await operation.GetOkAsync($"/api/v1/funding/appeals/{appeal}/funding-status?currency=XOF");

        Assert.Equal(655_957_000m, status.GetProperty("requirement").GetDecimal()); // 1,085,000 USD ÷ 1.0850 × 655.957
        Assert.Equal(2, status.GetProperty("rates").GetArrayLength());
    }

    [Fact]
    public async Task An_appeal_in_eur_or_a_contribution_in_an_unknown_currency_is_refused()
    {
        using var operation = await Platform.FundingPartnerAsync(Platform.Gateway!, "unhcr-mali-bad");
        var inEur = await operation.PostAsJsonAsync("/api/v1/funding/appeals", new { name = "x", year = 2026, requirement = 1000m, currency = "EUR" });
        var appeal = (await operation.PostOkAsync("/api/v1/funding/appeals", new { name = "y", year = 2026, requirement = 1000m })).Id();

        var unknown = await operation.PostAsJsonAsync($"/api/v1/funding/appeals/{appeal}/contributions",
            new { funderName = "Someone", amount = 10m, currency = "ABC", date = new DateOnly(2026, 4, 1), status = "paid" });

        Assert.Equal(HttpStatusCode.BadRequest, inEur.StatusCode);
        Assert.Contains("\"currency\"", await inEur.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("\"currency\"", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(0, (await operation.GetOkAsync($"/api/v1/funding/appeals/{appeal}/contributions")).GetProperty("totalCount").GetInt64());
    }
}
