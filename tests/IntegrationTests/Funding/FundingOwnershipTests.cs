using System.Net;
using System.Net.Http.Json;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Funding;

public sealed class FundingOwnershipFixture : PlatformFixture
{
    protected override PlatformOptions Options => new() { Activities = false, Funding = true, Gateway = true };
}

/// <summary>
/// Every id-bearing route of Funding, tried through the gateway by the grant's recipient (which
/// recorded it), its funder's partner, the program's lead and a stranger. The three parties read
/// the grant and nothing else of the recipient's; only the recipient changes it; the stranger
/// gets 404 everywhere and nothing changes.
/// </summary>
public sealed class FundingOwnershipTests(FundingOwnershipFixture fixture) : IClassFixture<FundingOwnershipFixture>
{
    private const string Recipient = "amss";
    private const string Funder = "usaid-mali";
    private const string Lead = "lead-ngo";
    private const string Stranger = "stranger";

    private TestPlatform Platform => fixture.Platform;

    private sealed record Route(string Method, string Path, object? Body, string Kind);

    [Fact]
    public async Task Funder_recipient_lead_and_stranger_see_and_change_exactly_what_they_may_with_no_leak()
    {
        using var recipient = await Platform.FundingPartnerAsync(Platform.Gateway!, Recipient);
        var donor = await recipient.CreateDonorAsync();
        var program = await Platform.ProgramAsync(Lead, [Recipient]);
        var grant = (await recipient.PostOkAsync("/api/v1/funding/grants", FundingCalls.GrantBody(donor, Recipient, Funder, Lead, program: program))).Id();
        var line = await recipient.CreateBudgetLineAsync(grant, 5_000_000m);
        var transaction = (await recipient.PostOkAsync($"/api/v1/funding/grants/{grant}/transactions",
            new { type = "expenditure", amount = 100_000m, currency = "XOF", valueDate = new DateOnly(2026, 2, 1), budgetLineId = line })).Id();
        var appeal = (await recipient.PostOkAsync("/api/v1/funding/appeals", new { name = "Appeal", year = 2026, requirement = 1_000_000m })).Id();
        var contribution = (await recipient.PostOkAsync($"/api/v1/funding/appeals/{appeal}/contributions",
            new { funderName = "CERF", amount = 1_000m, currency = "USD", date = new DateOnly(2026, 3, 1), status = "pledge" })).Id();

        var grantBody = FundingCalls.GrantBody(donor, Recipient, Funder, Lead, program: program);
        var transactionBody = new { type = "disbursement", amount = 1_000m, currency = "XOF", valueDate = new DateOnly(2026, 2, 2) };
        var routes = new List<Route>
        {
            new("GET", $"/api/v1/funding/grants/{grant}", null, "grant-read"),
            new("GET", $"/api/v1/funding/grants/{grant}?currency=EUR", null, "grant-read"),
            new("GET", $"/api/v1/funding/grants/{grant}/budget-lines", null, "grant-read"),
            new("GET", $"/api/v1/funding/grants/{grant}/budget-lines/{line}", null, "grant-read"),
            new("GET", $"/api/v1/funding/grants/{grant}/transactions", null, "grant-read"),
            new("GET", $"/api/v1/funding/grants/{grant}/transactions/{transaction}", null, "grant-read"),
            new("GET", $"/api/v1/funding/grants/{grant}/budget-vs-actual?currency=XOF", null, "grant-read"),
            new("PUT", $"/api/v1/funding/grants/{grant}", grantBody, "grant-write"),
            new("POST", $"/api/v1/funding/grants/{grant}/budget-lines", FundingCalls.LineBody(1_000m), "grant-write"),
            new("PUT", $"/api/v1/funding/grants/{grant}/budget-lines/{line}", FundingCalls.LineBody(9_000_000m), "grant-write"),
            new("POST", $"/api/v1/funding/grants/{grant}/transactions", transactionBody, "grant-write"),
            new("GET", $"/api/v1/funding/organisations/{donor}", null, "owner-only"),
            new("PUT", $"/api/v1/funding/organisations/{donor}", new { name = "Renamed", type = "government", role = "donor" }, "owner-only"),
            new("GET", $"/api/v1/funding/appeals/{appeal}", null, "owner-only"),
            new("PUT", $"/api/v1/funding/appeals/{appeal}", new { name = "Renamed", year = 2026, requirement = 2_000_000m }, "owner-only"),
            new("GET", $"/api/v1/funding/appeals/{appeal}/contributions", null, "owner-only"),
            new("POST", $"/api/v1/funding/appeals/{appeal}/contributions",
                new { funderName = "X", amount = 1m, currency = "USD", date = new DateOnly(2026, 3, 1), status = "paid" }, "owner-only"),
            new("PUT", $"/api/v1/funding/appeals/{appeal}/contributions/{contribution}",
                new { funderName = "CERF", amount = 1_000m, currency = "USD", date = new DateOnly(2026, 3, 1), status = "paid" }, "owner-only"),
            new("GET", $"/api/v1/funding/appeals/{appeal}/funding-status", null, "owner-only"),
        };

        var expected = new Dictionary<(string Partner, string Kind), HttpStatusCode>
        {
            [(Funder, "grant-read")] = HttpStatusCode.OK,
            [(Lead, "grant-read")] = HttpStatusCode.OK,
            [(Stranger, "grant-read")] = HttpStatusCode.NotFound,
            [(Funder, "grant-write")] = HttpStatusCode.Forbidden,
            [(Lead, "grant-write")] = HttpStatusCode.Forbidden,
            [(Stranger, "grant-write")] = HttpStatusCode.NotFound,
            [(Funder, "owner-only")] = HttpStatusCode.NotFound,
            [(Lead, "owner-only")] = HttpStatusCode.NotFound,
            [(Stranger, "owner-only")] = HttpStatusCode.NotFound,
        };

        var before = await SnapshotAsync(grant, appeal, donor);
        var leaks = new List<string>();
        foreach (var partner in new[] { Funder, Lead, Stranger })
        {
            using var client = await Platform.FundingPartnerAsync(Platform.Gateway!, partner);
            foreach (var route in routes)
            {
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path);
                if (route.Body is not null)
                {
                    request.Content = JsonContent.Create(route.Body);
                }

                if (route.Method == "PUT")
                {
                    request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
                }

                var response = await client.SendAsync(request);
                if (response.StatusCode != expected[(partner, route.Kind)])
                {
                    leaks.Add($"{partner} {route.Method} {route.Path} → {(int)response.StatusCode}, expected {(int)expected[(partner, route.Kind)]}");
                }
            }
        }

        Assert.Empty(leaks);
        Assert.Equal(before, await SnapshotAsync(grant, appeal, donor));
        Assert.Equal(19, routes.Count);
    }

    [Fact]
    public async Task The_grant_appears_in_the_lists_of_its_three_parties_and_not_in_a_strangers()
    {
        using var recipient = await Platform.FundingPartnerAsync(Platform.Gateway!, "list-recipient");
        var donor = await recipient.CreateDonorAsync();
        var program = await Platform.ProgramAsync("list-lead", ["list-recipient"]);
        var grant = (await recipient.PostOkAsync("/api/v1/funding/grants", FundingCalls.GrantBody(donor, "list-recipient", "list-funder", "list-lead", program: program))).Id();

        async Task<bool> Lists(string partner)
        {
            using var client = await Platform.FundingPartnerAsync(Platform.Gateway!, partner);
            var page = await client.GetOkAsync("/api/v1/funding/grants?pageSize=500");
            return page.GetProperty("items").EnumerateArray().Any(g => g.Id() == grant);
        }

        Assert.True(await Lists("list-recipient"));
        Assert.True(await Lists("list-funder"));
        Assert.True(await Lists("list-lead"));
        Assert.False(await Lists("list-stranger"));
    }

    [Fact]
    public async Task A_strangers_own_grant_cannot_reach_another_grants_lines_or_transactions()
    {
        using var recipient = await Platform.FundingPartnerAsync(Platform.Gateway!, "victim");
        var victimGrant = await recipient.CreateGrantAsync(Platform, "victim");
        var victimLine = await recipient.CreateBudgetLineAsync(victimGrant, 1_000_000m);
        var victimTransaction = (await recipient.PostOkAsync($"/api/v1/funding/grants/{victimGrant}/transactions",
            new { type = "expenditure", amount = 10m, currency = "XOF", valueDate = new DateOnly(2026, 2, 1), budgetLineId = victimLine })).Id();
        using var stranger = await Platform.FundingPartnerAsync(Platform.Gateway!, "intruder");
        var ownGrant = await stranger.CreateGrantAsync(Platform, "intruder");

        var line = await stranger.GetAsync($"/api/v1/funding/grants/{ownGrant}/budget-lines/{victimLine}");
        var transaction = await stranger.GetAsync($"/api/v1/funding/grants/{ownGrant}/transactions/{victimTransaction}");
        var booking = await stranger.PostAsJsonAsync($"/api/v1/funding/grants/{ownGrant}/transactions",
            new { type = "expenditure", amount = 10m, currency = "XOF", valueDate = new DateOnly(2026, 2, 1), budgetLineId = victimLine });

        Assert.Equal(HttpStatusCode.NotFound, line.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, transaction.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, booking.StatusCode);
        Assert.Contains("budgetLineId", await booking.Content.ReadAsStringAsync());
        Assert.Equal(1, await Platform.FundingDb(db => db.Transactions.CountAsync(t => t.BudgetLineId == victimLine)));
    }

    private Task<string> SnapshotAsync(Guid grant, Guid appeal, Guid donor) => Platform.FundingDb(async db =>
    {
        var g = await db.Grants.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).SingleAsync(x => x.Id == grant);
        var lines = await db.BudgetLines.Where(l => l.GrantId == grant).Select(l => l.Version + ":" + l.Amount).ToListAsync();
        var transactions = await db.Transactions.CountAsync(t => t.GrantId == grant);
        var a = await db.Appeals.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).SingleAsync(x => x.Id == appeal);
        var contributions = await db.Contributions.Where(c => c.AppealId == appeal).Select(c => c.Version + c.Status).ToListAsync();
        var o = await db.Organisations.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).SingleAsync(x => x.Id == donor);
        return $"{g.Version}/{g.Status}/{string.Join(',', lines)}/{transactions}/{a.Version}/{a.Name}/{string.Join(',', contributions)}/{o.Version}/{o.Name}";
    });
}
