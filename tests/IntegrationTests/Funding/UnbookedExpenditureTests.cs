using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Contracts.Activities;
using JusticePlatform.Contracts.Funding;
using JusticePlatform.Funding.Expenditures;
using JusticePlatform.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Funding;

public sealed class UnbookedExpenditureFixture : PlatformFixture
{
    protected override PlatformOptions Options => new() { Activities = false, Funding = true };

    protected override string[] RegisteredPartners => ["amss", "tassaght", "stranger"];
}

/// <summary>
/// A completed activity's cost that Funding cannot book is listed, with its reason, under its grant
/// and program, for the grant's parties only, until one of them assigns a line (booked once) or
/// dismisses it (audited). A grant's sub-recipients may charge its lines.
/// </summary>
public sealed class UnbookedExpenditureTests(UnbookedExpenditureFixture fixture) : IClassFixture<UnbookedExpenditureFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly DateOnly CostDate = new(2026, 3, 1);

    private TestPlatform Platform => fixture.Platform;

    private IBus Bus => Platform.Beneficiaries.Services.GetRequiredService<IBus>();

    private Task<HttpClient> PartnerAsync(string partner) => Platform.FundingPartnerAsync(Platform.Funding!, partner);

    /// <summary>A grant of a new program received by amss with tassaght as sub-recipient, and one line.</summary>
    private async Task<(Guid Program, Guid Grant, Guid Line)> GrantAsync(decimal budget = 10_000_000m)
    {
        using var amss = await PartnerAsync("amss");
        var program = Guid.NewGuid();
        var grant = await amss.CreateGrantAsync(Platform, "amss", program: program, subRecipients: ["tassaght"]);
        return (program, grant, await amss.CreateBudgetLineAsync(grant, budget));
    }

    private Task PublishCompletedAsync(Guid activity, Guid program, Guid? line, decimal cost, string currency = "XOF", string partner = "amss") =>
        Bus.Publish(new ActivityCompleted(activity, program, partner, [], line, "ML060201", new MoneyValue(cost, currency, CostDate), [], Platform.Clock.GetUtcNow(), 2));

    private Task<UnbookedExpenditure> UnbookedAsync(Guid activity) =>
        Eventually.ReturnsAsync(() => Platform.FundingDb(db => db.UnbookedExpenditures.AsNoTracking().FirstOrDefaultAsync(u => u.ActivityId == activity)),
            u => u is not null, Wait, "the unbooked cost")!;

    private Task<List<JusticePlatform.Funding.Transactions.GrantTransaction>> BookedAsync(Guid activity) =>
        Platform.FundingDb(db => db.Transactions.AsNoTracking().Where(t => t.ActivityId == activity).ToListAsync());

    private static async Task<HttpResponseMessage> PostWithETagAsync(HttpClient client, string path, object body, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_completion_naming_no_budget_line_is_listed_unbooked_under_its_program()
    {
        var (program, _, _) = await GrantAsync();
        var activity = Guid.NewGuid();

        await PublishCompletedAsync(activity, program, null, 120_000m);

        var unbooked = await UnbookedAsync(activity);
        Assert.Equal((UnbookedReason.NoBudgetLine, "open", (Guid?)null), (unbooked.Reason, unbooked.Status, unbooked.GrantId));
        using var amss = await PartnerAsync("amss");
        var listed = await amss.GetOkAsync($"/api/v1/funding/programs/{program}/unbooked-expenditures");
        var item = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(("no_budget_line", 120_000m), (item.GetProperty("reason").GetString(), item.GetProperty("amount").GetDecimal()));
    }

    [Fact]
    public async Task A_completion_naming_an_unknown_budget_line_is_listed_unbooked()
    {
        var (program, _, _) = await GrantAsync();
        var activity = Guid.NewGuid();

        await PublishCompletedAsync(activity, program, Guid.NewGuid(), 120_000m);

        Assert.Equal(UnbookedReason.UnknownBudgetLine, (await UnbookedAsync(activity)).Reason);
        Assert.Empty(await BookedAsync(activity));
    }

    [Fact]
    public async Task A_completion_of_another_program_on_the_grants_line_is_listed_unbooked_under_the_grant()
    {
        var (_, grant, line) = await GrantAsync();
        var activity = Guid.NewGuid();

        await PublishCompletedAsync(activity, Guid.NewGuid(), line, 120_000m);

        var unbooked = await UnbookedAsync(activity);
        Assert.Equal((UnbookedReason.OtherProgram, (Guid?)grant), (unbooked.Reason, unbooked.GrantId));
        Assert.Empty(await BookedAsync(activity));
        using var amss = await PartnerAsync("amss");
        var listed = await amss.GetOkAsync($"/api/v1/funding/grants/{grant}/unbooked-expenditures?status=open");
        Assert.Equal("other_program", Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_completion_by_a_partner_that_may_not_charge_the_grant_is_listed_unbooked()
    {
        var (program, _, line) = await GrantAsync();
        var activity = Guid.NewGuid();

        await PublishCompletedAsync(activity, program, line, 120_000m, partner: "stranger");

        Assert.Equal(UnbookedReason.PartnerMayNotCharge, (await UnbookedAsync(activity)).Reason);
        Assert.Empty(await BookedAsync(activity));
    }

    [Fact]
    public async Task A_completion_on_a_closed_budget_line_is_listed_unbooked()
    {
        var (program, grant, line) = await GrantAsync();
        using var amss = await PartnerAsync("amss");
        var path = $"/api/v1/funding/grants/{grant}/budget-lines/{line}";
        var etag = (await amss.GetAsync(path)).Headers.ETag!;
        using (var close = new HttpRequestMessage(HttpMethod.Put, path)
        {
            Content = JsonContent.Create(new
            {
                code = "1.1", name = "Trainings of community relays", kind = "cost-category", costCategory = "trainings", amount = 10_000_000m,
                periodStart = FundingCalls.GrantStart, periodEnd = new DateOnly(2026, 12, 31), closed = true,
            }),
        })
        {
            close.Headers.IfMatch.Add(etag);
            Assert.Equal(HttpStatusCode.OK, (await amss.SendAsync(close)).StatusCode);
        }

        var activity = Guid.NewGuid();
        await PublishCompletedAsync(activity, program, line, 120_000m);

        Assert.Equal(UnbookedReason.BudgetLineClosed, (await UnbookedAsync(activity)).Reason);
        Assert.Empty(await BookedAsync(activity));
    }

    [Fact]
    public async Task A_cost_in_a_currency_without_a_rate_on_its_date_is_listed_unbooked()
    {
        var (program, _, line) = await GrantAsync();
        var activity = Guid.NewGuid();

        await PublishCompletedAsync(activity, program, line, 400m, currency: "USD");

        var unbooked = await UnbookedAsync(activity);
        Assert.Equal((UnbookedReason.NoExchangeRate, "USD"), (unbooked.Reason, unbooked.Currency));
        Assert.Empty(await BookedAsync(activity));
    }

    [Fact]
    public async Task A_sub_recipients_completed_activity_on_the_recipients_line_is_booked()
    {
        var (program, _, line) = await GrantAsync();
        var activity = Guid.NewGuid();

        await PublishCompletedAsync(activity, program, line, 250_000m, partner: "tassaght");

        var booked = await Eventually.ReturnsAsync(() => BookedAsync(activity), b => b.Count == 1, Wait, "the expenditure");
        Assert.Equal((line, 250_000m, "tassaght"), (booked[0].BudgetLineId!.Value, booked[0].Amount, booked[0].ReceiverName));
        Assert.Equal(0, await Platform.FundingDb(db => db.UnbookedExpenditures.CountAsync(u => u.ActivityId == activity)));
    }

    [Fact]
    public async Task An_unbooked_cost_assigned_a_line_is_booked_once()
    {
        var (program, grant, line) = await GrantAsync();
        var activity = Guid.NewGuid();
        await PublishCompletedAsync(activity, program, null, 300_000m, partner: "tassaght");
        var unbooked = await UnbookedAsync(activity);
        using var amss = await PartnerAsync("amss");
        var path = $"/api/v1/funding/unbooked-expenditures/{unbooked.Id}/assign";

        var first = await PostWithETagAsync(amss, path, new { budgetLineId = line }, "\"1\"");
        var second = await PostWithETagAsync(amss, path, new { budgetLineId = line }, "\"2\"");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var booked = Assert.Single(await BookedAsync(activity));
        Assert.Equal((line, grant, 300_000m), (booked.BudgetLineId!.Value, booked.GrantId, booked.Amount));
        var resolved = await amss.GetOkAsync($"/api/v1/funding/unbooked-expenditures/{unbooked.Id}");
        Assert.Equal(("booked", booked.Id), (resolved.GetProperty("status").GetString(), resolved.GetProperty("transactionId").GetGuid()));
    }

    [Fact]
    public async Task Assigning_a_line_the_activitys_partner_may_not_charge_is_refused_naming_the_line()
    {
        var (program, _, _) = await GrantAsync();
        using var stranger = await PartnerAsync("stranger");
        var strangersGrant = await stranger.CreateGrantAsync(Platform, "stranger");
        var strangersLine = await stranger.CreateBudgetLineAsync(strangersGrant, 1_000_000m);
        var activity = Guid.NewGuid();
        await PublishCompletedAsync(activity, program, null, 300_000m, partner: "tassaght");
        var unbooked = await UnbookedAsync(activity);
        using var amss = await PartnerAsync("amss");

        var refused = await PostWithETagAsync(amss, $"/api/v1/funding/unbooked-expenditures/{unbooked.Id}/assign", new { budgetLineId = strangersLine }, "\"1\"");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("budgetLineId", out _));
        Assert.Empty(await BookedAsync(activity));
    }

    [Fact]
    public async Task A_dismissed_unbooked_cost_keeps_its_reason_and_is_audited()
    {
        var (_, grant, line) = await GrantAsync();
        var activity = Guid.NewGuid();
        await PublishCompletedAsync(activity, Guid.NewGuid(), line, 80_000m);
        var unbooked = await UnbookedAsync(activity);
        using var amss = await PartnerAsync("amss");

        var dismissed = await PostWithETagAsync(amss, $"/api/v1/funding/unbooked-expenditures/{unbooked.Id}/dismiss",
            new { reason = "Paid from the partner's own funds" }, "\"1\"");

        Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        var row = await Platform.FundingDb(db => db.UnbookedExpenditures.AsNoTracking().SingleAsync(u => u.Id == unbooked.Id));
        Assert.Equal(("dismissed", "Paid from the partner's own funds", "amss"), (row.Status, row.DismissalReason, row.ResolvedBy));
        var audit = await Eventually.ReturnsAsync(() => Platform.FundingDb(db => db.AuditEntries.AsNoTracking()
                .Where(a => a.Resource == "unbooked-expenditure" && a.ResourceId == unbooked.Id.ToString()).ToListAsync()),
            entries => entries.Count > 0, Wait, "the audit entry");
        Assert.Contains(audit, a => a.Action == "dismiss" && a.PartnerId == "amss" && a.StatusCode == 200);
        Assert.Equal(0, (await amss.GetOkAsync($"/api/v1/funding/grants/{grant}/unbooked-expenditures?status=open")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_partner_that_is_not_a_party_of_the_grant_neither_sees_nor_resolves_its_unbooked_costs()
    {
        var (_, grant, line) = await GrantAsync();
        var activity = Guid.NewGuid();
        await PublishCompletedAsync(activity, Guid.NewGuid(), line, 80_000m, partner: "tassaght");
        var unbooked = await UnbookedAsync(activity);
        using var stranger = await PartnerAsync("stranger");

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/funding/grants/{grant}/unbooked-expenditures")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/funding/unbooked-expenditures/{unbooked.Id}")).StatusCode);
        Assert.Equal(0, (await stranger.GetOkAsync($"/api/v1/funding/programs/{unbooked.ProgramId}/unbooked-expenditures")).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound,
            (await PostWithETagAsync(stranger, $"/api/v1/funding/unbooked-expenditures/{unbooked.Id}/dismiss", new { reason = "not mine" }, "\"1\"")).StatusCode);
        Assert.Equal("open", (await Platform.FundingDb(db => db.UnbookedExpenditures.AsNoTracking().SingleAsync(u => u.Id == unbooked.Id))).Status);
        using var tassaght = await PartnerAsync("tassaght");
        Assert.Equal(HttpStatusCode.OK, (await tassaght.GetAsync($"/api/v1/funding/grants/{grant}/unbooked-expenditures")).StatusCode);
    }

    [Fact]
    public async Task A_cancellation_withdraws_the_activitys_unbooked_cost()
    {
        var (program, _, _) = await GrantAsync();
        var activity = Guid.NewGuid();
        await PublishCompletedAsync(activity, program, Guid.NewGuid(), 80_000m);
        await UnbookedAsync(activity);

        await Bus.Publish(new ActivityCancelled(activity, program, "amss", null, true, Platform.Clock.GetUtcNow(), 3));

        await Eventually.ReturnsAsync(() => Platform.FundingDb(db => db.UnbookedExpenditures.AsNoTracking().SingleAsync(u => u.ActivityId == activity)),
            u => u.Status == "withdrawn", Wait, "the unbooked cost to be withdrawn");
    }

    [Fact]
    public async Task Budget_vs_actual_shows_the_open_unbooked_costs_of_the_grant_per_currency()
    {
        var (_, grant, line) = await GrantAsync();
        await PublishCompletedAsync(Guid.NewGuid(), Guid.NewGuid(), line, 80_000m);
        await PublishCompletedAsync(Guid.NewGuid(), Guid.NewGuid(), line, 20_000m);
        await PublishCompletedAsync(Guid.NewGuid(), Guid.NewGuid(), line, 100m, currency: "EUR");
        await Eventually.ReturnsAsync(() => Platform.FundingDb(db => db.UnbookedExpenditures.CountAsync(u => u.GrantId == grant)), n => n == 3, Wait, "three unbooked costs");
        using var amss = await PartnerAsync("amss");

        var report = await amss.GetOkAsync($"/api/v1/funding/grants/{grant}/budget-vs-actual");

        var unbooked = report.GetProperty("unbooked").EnumerateArray()
            .Select(u => (u.GetProperty("currency").GetString(), u.GetProperty("count").GetInt32(), u.GetProperty("amount").GetDecimal())).ToList();
        Assert.Equal([("EUR", 1, 100m), ("XOF", 2, 100_000m)], unbooked);
        Assert.Equal(0m, report.GetProperty("grant").GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task A_sub_recipient_that_is_not_a_registered_partner_is_refused_naming_it()
    {
        using var amss = await PartnerAsync("amss");
        var donor = await amss.CreateDonorAsync();
        var program = await Platform.ProgramAsync("amss", ["amss", "tassaght"]);

        var response = await amss.PostAsJsonAsync("/api/v1/funding/grants",
            FundingCalls.GrantBody(donor, "amss", null, "amss", program: program, subRecipients: ["tassaght", "nobody-registered"]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["subRecipientPartnerIds[1]"], errors.EnumerateObject().Select(p => p.Name).ToList());
    }

    [Fact]
    public async Task A_new_budget_line_publishes_the_grants_state_with_its_chargers_and_lines()
    {
        var received = new ConcurrentQueue<GrantChanged>();
        var handle = Bus.ConnectReceiveEndpoint($"funding-tests-grant-changed-{Guid.NewGuid():N}", endpoint =>
            endpoint.Handler<GrantChanged>(context =>
            {
                received.Enqueue(context.Message);
                return Task.CompletedTask;
            }));
        await handle.Ready;
        try
        {
            var (program, grant, line) = await GrantAsync();

            var latest = await Eventually.ReturnsAsync(
                () => Task.FromResult(received.Where(e => e.GrantId == grant).OrderByDescending(e => e.Version).FirstOrDefault()),
                e => e is { BudgetLines.Count: 1 }, Wait, "GrantChanged with the line");
            Assert.Equal((program, "XOF", "amss"), (latest!.ProgramId, latest.Currency, latest.RecipientPartnerId));
            Assert.Equal(["amss", "tassaght"], latest.ChargingPartnerIds);
            Assert.Equal(new GrantBudgetLineState(line, latest.BudgetLines[0].ResultId, true), latest.BudgetLines[0]);
            Assert.True(latest.Version > received.Where(e => e.GrantId == grant).Min(e => e.Version));
        }
        finally
        {
            await handle.StopAsync();
        }
    }
}
