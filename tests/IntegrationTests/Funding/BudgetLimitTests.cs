using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.TestSupport;

namespace JusticePlatform.IntegrationTests.Funding;

/// <summary>
/// Figures a partner can sign, through the gateway: a grant's budget lines never add up to more
/// than the grant, even when two are added at once; burn is shown against the grant and each line.
/// </summary>
public sealed class BudgetLimitTests(GrantsApiFixture fixture) : IClassFixture<GrantsApiFixture>
{
    private const decimal GrantAmount = 10_000_000m;

    private TestPlatform Platform => fixture.Platform;

    private static string Lines(Guid grant) => $"/api/v1/funding/grants/{grant}/budget-lines";

    private static async Task<long> LineCountAsync(HttpClient client, Guid grant) =>
        (await client.GetOkAsync(Lines(grant))).GetProperty("totalCount").GetInt64();

    [Fact]
    public async Task A_line_that_takes_the_lines_over_the_grant_is_a_409_naming_both_amounts_and_is_not_written_while_one_that_fills_it_is()
    {
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss-limit-add");
        var grant = await amss.CreateGrantAsync(Platform, "amss-limit-add", amount: GrantAmount);
        await amss.CreateBudgetLineAsync(grant, 6_000_000m);

        var response = await amss.PostAsJsonAsync(Lines(grant), FundingCalls.LineBody(5_000_000m));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("11,000,000 XOF", problem.GetProperty("detail").GetString());
        Assert.Contains("10,000,000 XOF", problem.GetProperty("detail").GetString());
        Assert.Equal((11_000_000m, GrantAmount, "XOF"),
            (problem.GetProperty("linesTotal").GetDecimal(), problem.GetProperty("grantAmount").GetDecimal(), problem.GetProperty("currency").GetString()));
        Assert.Equal(1, await LineCountAsync(amss, grant));
        Assert.Equal(HttpStatusCode.Created, (await amss.PostAsJsonAsync(Lines(grant), FundingCalls.LineBody(4_000_000m))).StatusCode);
    }

    [Fact]
    public async Task A_revision_that_takes_the_lines_over_the_grant_is_a_409_and_the_line_keeps_its_amount()
    {
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss-limit-revise");
        var grant = await amss.CreateGrantAsync(Platform, "amss-limit-revise", amount: GrantAmount);
        await amss.CreateBudgetLineAsync(grant, 6_000_000m);
        var line = await amss.CreateBudgetLineAsync(grant, 3_000_000m);

        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Lines(grant)}/{line}") { Content = JsonContent.Create(FundingCalls.LineBody(5_000_000m)) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var response = await amss.SendAsync(request);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("11,000,000 XOF", detail);
        Assert.Contains("10,000,000 XOF", detail);
        var stored = await amss.GetOkAsync($"{Lines(grant)}/{line}");
        Assert.Equal((3_000_000m, 1), (stored.GetProperty("amount").GetDecimal(), stored.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task Lowering_the_grant_below_its_lines_is_a_409_naming_both_amounts_and_the_grant_keeps_its_amount()
    {
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss-limit-lower");
        var donor = await amss.CreateDonorAsync();
        var program = await Platform.ProgramAsync("amss-limit-lower");
        var grant = (await amss.PostOkAsync("/api/v1/funding/grants", FundingCalls.GrantBody(donor, "amss-limit-lower", null, "amss-limit-lower", GrantAmount, program: program))).Id();
        await amss.CreateBudgetLineAsync(grant, 6_000_000m);
        var lowered = JsonSerializer.SerializeToNode(FundingCalls.GrantBody(donor, "amss-limit-lower", null, "amss-limit-lower", 5_000_000m, program: program))!.AsObject();

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/funding/grants/{grant}") { Content = FundingCalls.Json(lowered.ToJsonString()) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var response = await amss.SendAsync(request);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("6,000,000 XOF", detail);
        Assert.Contains("5,000,000 XOF", detail);
        var stored = await amss.GetOkAsync($"/api/v1/funding/grants/{grant}");
        Assert.Equal((GrantAmount, 1), (stored.GetProperty("amount").GetDecimal(), stored.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task Two_lines_added_at_once_that_together_exceed_the_grant_are_not_both_written()
    {
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss-limit-race");
        for (var round = 0; round < 3; round++)
        {
            var grant = await amss.CreateGrantAsync(Platform, "amss-limit-race", amount: GrantAmount);

            var responses = await Task.WhenAll(
                amss.PostAsJsonAsync(Lines(grant), FundingCalls.LineBody(6_000_000m)),
                amss.PostAsJsonAsync(Lines(grant), FundingCalls.LineBody(6_000_000m)));

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
            Assert.Equal(1, await LineCountAsync(amss, grant));
        }
    }

    [Fact]
    public async Task The_burn_report_shows_spent_amount_percent_and_remaining_for_the_grant_and_each_line()
    {
        using var amss = await Platform.FundingPartnerAsync(Platform.Gateway!, "amss-burn");
        var grant = await amss.CreateGrantAsync(Platform, "amss-burn", amount: GrantAmount);
        var trainings = await amss.CreateBudgetLineAsync(grant, 4_000_000m);
        var radio = await amss.CreateBudgetLineAsync(grant, 2_000_000m);
        async Task Spend(decimal amount, string currency, Guid? line) =>
            await amss.PostOkAsync($"/api/v1/funding/grants/{grant}/transactions",
                new { type = "expenditure", amount, currency, valueDate = new DateOnly(2026, 3, 1), budgetLineId = line });
        await Spend(1_000_000m, "XOF", trainings);
        await Spend(500m, "EUR", trainings);      // 500 × 655.957 = 327,978.5 → 327,979 XOF
        await Spend(500_000m, "XOF", radio);
        await Spend(200_000m, "XOF", null);       // on the grant, on no line

        var report = await amss.GetOkAsync($"/api/v1/funding/grants/{grant}/budget-vs-actual?asOf=2026-07-02");

        var whole = report.GetProperty("grant");
        Assert.Equal((GrantAmount, 6_000_000m, 2_027_979m, 7_972_021m, 20.28m, false), (
            whole.GetProperty("amount").GetDecimal(), whole.GetProperty("budgeted").GetDecimal(), whole.GetProperty("spent").GetDecimal(),
            whole.GetProperty("remaining").GetDecimal(), whole.GetProperty("percentSpent").GetDecimal(), whole.GetProperty("overspent").GetBoolean()));
        var lines = report.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("budgetLineId").GetGuid());
        Assert.Equal((4_000_000m, 1_327_979m, 2_672_021m, 33.20m), Figures(lines[trainings])); // 1,327,979 ÷ 4,000,000 = 33.199…%
        Assert.Equal((2_000_000m, 500_000m, 1_500_000m, 25.00m), Figures(lines[radio]));
    }

    private static (decimal Budget, decimal Spent, decimal Remaining, decimal PercentSpent) Figures(JsonElement line) => (
        line.GetProperty("budget").GetDecimal(), line.GetProperty("spent").GetDecimal(),
        line.GetProperty("remaining").GetDecimal(), line.GetProperty("percentSpent").GetDecimal());
}
