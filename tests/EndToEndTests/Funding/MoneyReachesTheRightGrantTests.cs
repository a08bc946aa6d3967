using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.EndToEndTests.Activities;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.EndToEndTests.Funding;

/// <summary>
/// An activity's cost, from a partner's report through the gateway to the grant's burn: a line
/// the activity may not name is refused where it is reported; a member's cost on the lead's
/// line is booked; what cannot be booked is listed with its reason for the grant's parties, who
/// book it once or dismiss it.
/// </summary>
public sealed class MoneyReachesTheRightGrantTests(MoneyReachesTheRightGrantTests.Platform fixture) : IClassFixture<MoneyReachesTheRightGrantTests.Platform>
{
    private const string Lead = "amss";
    private const string Member = "tassaght";
    private const string Outsider = "stop-sahel";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private readonly TestPlatform _platform = fixture.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Funding = true };

        protected override string[] RegisteredPartners => [Lead, Member, Outsider];
    }

    private Task<HttpClient> PartnerAsync(string partner) =>
        _platform.ThroughGatewayAsync(partner, Scopes.ActivitiesRead, Scopes.ActivitiesWrite, Scopes.FundingRead, Scopes.FundingWrite);

    /// <summary>A program led by amss with tassaght as member, and a grant of it received by amss with one line, known to Activities.</summary>
    private async Task<(Guid Program, Guid Grant, Guid Line)> ProgramWithGrantAsync(bool memberIsSubRecipient)
    {
        using var lead = await PartnerAsync(Lead);
        var program = await lead.CreateProgramAsync($"M{Guid.NewGuid():N}"[..12], [new { partnerId = Member, role = "implementing" }], ["ML0602"]);
        await _platform.JoinAsync(program, Member);
        await _platform.FundingKnowsAsync(program, Member);
        var donor = (await lead.PostAsJsonAsync("/api/v1/funding/organisations", new { name = "USAID", iatiIdentifier = "US-GOV-1", type = "government", role = "donor" })
            .ContinueWith(t => t.Result.JsonAsync(HttpStatusCode.Created)).Unwrap()).GetProperty("id").GetGuid();
        var grant = (await (await lead.PostAsJsonAsync("/api/v1/funding/grants", new
        {
            title = "Access to justice in Goundam", funderOrganisationId = donor, recipientPartnerId = Lead, programId = program,
            programLeadPartnerId = Lead, amount = 89_000_000m, currency = "XOF", startDate = "2026-01-01", endDate = "2026-12-31", status = "active",
            subRecipientPartnerIds = memberIsSubRecipient ? new[] { Member } : [],
        })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var line = (await (await lead.PostAsJsonAsync($"/api/v1/funding/grants/{grant}/budget-lines", new
        {
            code = "1.1", name = "Trainings of community relays", kind = "cost-category", costCategory = "trainings", amount = 20_000_000m,
            periodStart = "2026-01-01", periodEnd = "2026-12-31",
        })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await Eventually.TrueAsync(() => _platform.ActivitiesDb(db => db.ProjectedBudgetLines.AnyAsync(l => l.Id == line)), Wait, "Activities to know the line");
        return (program, grant, line);
    }

    private static async Task<(Guid Id, EntityTagHeaderValue ETag)> ReportAsync(HttpClient member, Guid program, Guid? budgetLineId, string title)
    {
        var response = await member.PostAsJsonAsync(ActivitiesClient.Activities, new
        {
            programId = program, title, type = "training", communePcode = "ML060201", plannedStart = "2026-10-01", plannedEnd = "2026-10-03",
            plannedCost = new { amount = 1_500_000m, currency = "XOF", valueDate = "2026-10-01" }, budgetLineId,
        });
        return ((await response.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid(), response.Headers.ETag!);
    }

    private Task<List<JusticePlatform.Funding.Transactions.GrantTransaction>> BookedAsync(Guid activity) =>
        _platform.FundingDb(db => db.Transactions.AsNoTracking().Where(t => t.ActivityId == activity).ToListAsync());

    private async Task<JsonElement> ListedUnbookedAsync(HttpClient client, Guid program, Guid activity) =>
        await Eventually.ReturnsAsync(async () => (await (await client.GetAsync($"/api/v1/funding/programs/{program}/unbooked-expenditures")).JsonAsync())
                .GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("activityId").GetGuid() == activity),
            item => item.ValueKind == JsonValueKind.Object, Wait, "the unbooked cost to be listed");

    private static async Task<HttpResponseMessage> PostWithETagAsync(HttpClient client, string path, object body, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task An_activity_naming_an_unknown_budget_line_is_refused_at_the_source_naming_the_field()
    {
        var (program, _, _) = await ProgramWithGrantAsync(memberIsSubRecipient: true);
        using var member = await PartnerAsync(Member);
        var title = $"Unknown line {Guid.NewGuid()}";

        var response = await member.PostAsJsonAsync(ActivitiesClient.Activities, new
        {
            programId = program, title, type = "training", communePcode = "ML060201", plannedStart = "2026-10-01", plannedEnd = "2026-10-03", budgetLineId = Guid.NewGuid(),
        });

        var problem = await response.JsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("budgetLineId", out _));
        Assert.False(await _platform.ActivitiesDb(db => db.FieldActivities.AnyAsync(a => a.Title == title)));
    }

    [Fact]
    public async Task A_member_that_is_not_a_sub_recipient_naming_the_leads_line_is_refused_at_the_source()
    {
        var (program, _, line) = await ProgramWithGrantAsync(memberIsSubRecipient: false);
        using var member = await PartnerAsync(Member);
        var title = $"Not a charger {Guid.NewGuid()}";

        var response = await member.PostAsJsonAsync(ActivitiesClient.Activities, new
        {
            programId = program, title, type = "training", communePcode = "ML060201", plannedStart = "2026-10-01", plannedEnd = "2026-10-03", budgetLineId = line,
        });

        var problem = await response.JsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("budgetLineId", out _));
        Assert.False(await _platform.ActivitiesDb(db => db.FieldActivities.AnyAsync(a => a.Title == title)));
    }

    [Fact]
    public async Task An_upload_row_naming_a_line_of_another_programs_grant_is_a_row_error()
    {
        var (program, _, _) = await ProgramWithGrantAsync(memberIsSubRecipient: true);
        var (_, _, otherProgramsLine) = await ProgramWithGrantAsync(memberIsSubRecipient: true);
        using var member = await PartnerAsync(Member);
        var csv = new StringBuilder("programId,title,type,communePcode,plannedStart,plannedEnd,budgetLineId\n")
            .Append($"{program},Wrong grant {program},training,ML060201,2026-10-01,2026-10-03,{otherProgramsLine}\n");

        var accepted = await member.PostAsync($"{ActivitiesClient.Activities}/imports", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var import = await Eventually.ReturnsAsync(() => member.GetFromJsonAsync<JsonElement>(accepted.Headers.Location),
            i => i.GetProperty("status").GetString() is "completed" or "failed", Wait, "the import to finish");

        var error = Assert.Single(import.GetProperty("summary").GetProperty("errors").EnumerateArray());
        Assert.Equal(("budgetLineId", "other_program"), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        Assert.False(await _platform.ActivitiesDb(db => db.FieldActivities.AnyAsync(a => a.ProgramId == program)));
    }

    [Fact]
    public async Task A_sub_recipients_completed_activity_on_the_leads_line_is_booked_once()
    {
        var (program, grant, line) = await ProgramWithGrantAsync(memberIsSubRecipient: true);
        using var member = await PartnerAsync(Member);
        var (activity, _) = await ReportAsync(member, program, line, "Formation des relais communautaires");

        await (await member.CompleteAsync(activity)).JsonAsync();

        var booked = await Eventually.ReturnsAsync(() => BookedAsync(activity), b => b.Count == 1, Wait, "the expenditure");
        Assert.Equal((grant, line, 1_420_000m), (booked[0].GrantId, booked[0].BudgetLineId!.Value, booked[0].Amount));
    }

    [Fact]
    public async Task An_unbooked_cost_is_listed_with_its_reason_and_booked_once_when_the_lead_assigns_a_line()
    {
        var (program, grant, line) = await ProgramWithGrantAsync(memberIsSubRecipient: true);
        using var member = await PartnerAsync(Member);
        var (activity, _) = await ReportAsync(member, program, null, "Session de sensibilisation");
        await (await member.CompleteAsync(activity)).JsonAsync();
        using var lead = await PartnerAsync(Lead);

        var listed = await ListedUnbookedAsync(lead, program, activity);
        Assert.Equal("no_budget_line", listed.GetProperty("reason").GetString());
        var id = listed.GetProperty("id").GetGuid();
        await (await PostWithETagAsync(lead, $"/api/v1/funding/unbooked-expenditures/{id}/assign", new { budgetLineId = line }, "\"1\"")).JsonAsync();
        var again = await PostWithETagAsync(lead, $"/api/v1/funding/unbooked-expenditures/{id}/assign", new { budgetLineId = line }, "\"2\"");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var booked = Assert.Single(await BookedAsync(activity));
        Assert.Equal((grant, line, 1_420_000m), (booked.GrantId, booked.BudgetLineId!.Value, booked.Amount));
        var report = await (await lead.GetAsync($"/api/v1/funding/grants/{grant}/budget-vs-actual")).JsonAsync();
        Assert.Equal(1_420_000m, report.GetProperty("grant").GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task A_dismissed_unbooked_cost_is_in_the_audit_trail_with_who_dismissed_it()
    {
        var (program, _, _) = await ProgramWithGrantAsync(memberIsSubRecipient: true);
        using var member = await PartnerAsync(Member);
        var (activity, _) = await ReportAsync(member, program, null, "Débat radiophonique");
        await (await member.CompleteAsync(activity)).JsonAsync();
        using var lead = await PartnerAsync(Lead);
        var id = (await ListedUnbookedAsync(lead, program, activity)).GetProperty("id").GetGuid();

        var dismissed = await (await PostWithETagAsync(lead, $"/api/v1/funding/unbooked-expenditures/{id}/dismiss", new { reason = "Paid by the partner's own funds" }, "\"1\""))
            .JsonAsync();

        Assert.Equal(("dismissed", "Paid by the partner's own funds"), (dismissed.GetProperty("status").GetString(), dismissed.GetProperty("dismissalReason").GetString()));
        using var admin = await _platform.ThroughGatewayAsync("platform", Scopes.Admin);
        var trail = await Eventually.ReturnsAsync(async () => await (await admin.GetAsync($"/api/v1/funding/audit?resource=unbooked-expenditure&resourceId={id}")).JsonAsync(),
            t => t.GetProperty("items").GetArrayLength() > 0, Wait, "the audit entry");
        Assert.Contains(trail.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "dismiss" && e.GetProperty("partnerId").GetString() == Lead);
        Assert.Empty(await BookedAsync(activity));
    }

    [Fact]
    public async Task A_partner_outside_the_grant_can_neither_see_nor_resolve_its_unbooked_costs()
    {
        var (program, grant, line) = await ProgramWithGrantAsync(memberIsSubRecipient: true);
        using var member = await PartnerAsync(Member);
        var (activity, _) = await ReportAsync(member, program, null, "Atelier avec les services de justice");
        await (await member.CompleteAsync(activity)).JsonAsync();
        using var lead = await PartnerAsync(Lead);
        var id = (await ListedUnbookedAsync(lead, program, activity)).GetProperty("id").GetGuid();
        using var outsider = await PartnerAsync(Outsider);

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/funding/unbooked-expenditures/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/funding/grants/{grant}/unbooked-expenditures")).StatusCode);
        Assert.Equal(0, (await (await outsider.GetAsync($"/api/v1/funding/programs/{program}/unbooked-expenditures")).JsonAsync()).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound,
            (await PostWithETagAsync(outsider, $"/api/v1/funding/unbooked-expenditures/{id}/assign", new { budgetLineId = line }, "\"1\"")).StatusCode);
        Assert.Empty(await BookedAsync(activity));
    }

    [Fact]
    public async Task Completions_and_cancellations_reported_through_the_gateway_converge_with_two_funding_instances()
    {
        await using var second = await _platform.StartAnotherFundingAsync();
        var (program, _, line) = await ProgramWithGrantAsync(memberIsSubRecipient: true);
        using var member = await PartnerAsync(Member);
        var activities = new List<(Guid Id, bool Cancelled)>();
        for (var i = 0; i < 12; i++)
        {
            var (activity, _) = await ReportAsync(member, program, line, $"Mission de suivi {i}");
            await (await member.CompleteAsync(activity)).JsonAsync();
            var cancelled = i % 2 == 0;
            if (cancelled)
            {
                await (await member.SendAsync(HttpMethod.Post, $"{ActivitiesClient.Activities}/{activity}/cancel", null, await member.ETagAsync(activity))).JsonAsync();
            }

            activities.Add((activity, cancelled));
        }

        var ids = activities.Select(a => a.Id).ToList();
        await Eventually.TrueAsync(async () =>
                await _platform.FundingDb(db => db.ActivityCosts.CountAsync(c => ids.Contains(c.ActivityId) && c.CompletedAt != null)) == ids.Count
                && await _platform.FundingDb(db => db.ActivityCosts.CountAsync(c => ids.Contains(c.ActivityId) && c.CancelledAt != null)) == activities.Count(a => a.Cancelled),
            TimeSpan.FromSeconds(90), "every completion and cancellation to reach Funding");
        foreach (var (activity, cancelled) in activities)
        {
            var booked = await BookedAsync(activity);
            Assert.Equal(cancelled ? 0m : 1_420_000m, booked.Sum(t => t.Amount));
            Assert.Equal(cancelled ? 0 : 1, booked.Count(t => t.ReversalOf is null && !t.Reversed));
        }
    }
}
