using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Contracts.Funding;
using JusticePlatform.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Activities;

/// <summary>
/// An activity names a budget line Activities knows from Funding's GrantChanged events: one that
/// does not exist, funds another program, is closed or may not be charged by the partner is
/// refused where the activity is reported (422 naming budgetLineId, or a row error in an upload),
/// and nothing is written.
/// </summary>
public sealed class BudgetLineAtSourceTests(BudgetLineAtSourceTests.Platform platform) : IClassFixture<BudgetLineAtSourceTests.Platform>
{
    private const string Partner = "amss-lines";
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new();
    }

    private IBus Bus => _platform.Beneficiaries.Services.GetRequiredService<IBus>();

    private Task<HttpClient> ClientAsync() => _platform.ClientAsync(_platform.Activities!, Partner, Scopes.ActivitiesRead, Scopes.ActivitiesWrite);

    /// <summary>Funding announces a grant of <paramref name="program"/> with one line; returns the line once Activities holds it.</summary>
    private async Task<Guid> AnnouncedLineAsync(Guid program, string[] chargers, bool open = true, string recipient = Partner, long version = 1, Guid? grant = null, Guid? line = null)
    {
        var grantId = grant ?? Guid.NewGuid();
        var lineId = line ?? Guid.NewGuid();
        await Bus.Publish(new GrantChanged(grantId, program, "XOF", recipient, chargers, [new GrantBudgetLineState(lineId, null, open)], _platform.Clock.GetUtcNow(), version));
        await Eventually.TrueAsync(() => _platform.ActivitiesDb(db => db.ProjectedGrants.AnyAsync(g => g.Id == grantId && g.SourceVersion == version)),
            TimeSpan.FromSeconds(30), "the grant's projection");
        return lineId;
    }

    private static async Task<Guid> CreateProgramAsync(HttpClient client) =>
        await CreatedAsync(await client.PostAsJsonAsync("/api/v1/activities/programs", new
        {
            code = $"LINES-{Guid.NewGuid():N}"[..20], titleFr = "Accès à la justice", titleEn = "Access to justice", members = Array.Empty<object>(),
            funderIds = new[] { "XM-DAC-41146" }, sectorCodes = new[] { "15130" }, communePcodes = new[] { "ML0602" },
            startDate = "2026-01-01", endDate = "2027-12-31",
        }));

    private static object Activity(Guid program, Guid? budgetLineId, string title) => new
    {
        programId = program, title, type = "training", communePcode = "ML060201", plannedStart = "2026-10-01", plannedEnd = "2026-10-03",
        plannedCost = new { amount = 1_500_000m, currency = "XOF", valueDate = "2026-10-01" }, budgetLineId,
    };

    private static async Task<Guid> CreatedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    private async Task AssertRefusedNamingTheLineAsync(HttpResponseMessage response, string title)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, body);
        Assert.Equal(["budgetLineId"], JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList());
        Assert.False(await _platform.ActivitiesDb(db => db.FieldActivities.AnyAsync(a => a.Title == title)));
    }

    [Fact]
    public async Task An_activity_naming_a_budget_line_that_does_not_exist_is_refused_naming_the_field()
    {
        using var client = await ClientAsync();
        var program = await CreateProgramAsync(client);
        var title = $"Unknown line {Guid.NewGuid()}";

        var response = await client.PostAsJsonAsync("/api/v1/activities", Activity(program, Guid.NewGuid(), title));

        await AssertRefusedNamingTheLineAsync(response, title);
    }

    [Fact]
    public async Task An_activity_naming_a_line_of_a_grant_of_another_program_is_refused_naming_the_field()
    {
        using var client = await ClientAsync();
        var program = await CreateProgramAsync(client);
        var line = await AnnouncedLineAsync(Guid.NewGuid(), [Partner]);
        var title = $"Other program {Guid.NewGuid()}";

        var response = await client.PostAsJsonAsync("/api/v1/activities", Activity(program, line, title));

        await AssertRefusedNamingTheLineAsync(response, title);
    }

    [Fact]
    public async Task An_activity_naming_a_closed_budget_line_is_refused_naming_the_field()
    {
        using var client = await ClientAsync();
        var program = await CreateProgramAsync(client);
        var line = await AnnouncedLineAsync(program, [Partner], open: false);
        var title = $"Closed line {Guid.NewGuid()}";

        var response = await client.PostAsJsonAsync("/api/v1/activities", Activity(program, line, title));

        await AssertRefusedNamingTheLineAsync(response, title);
    }

    [Fact]
    public async Task An_activity_naming_a_line_its_partner_may_not_charge_is_refused_naming_the_field()
    {
        using var client = await ClientAsync();
        var program = await CreateProgramAsync(client);
        var line = await AnnouncedLineAsync(program, ["another-ngo"], recipient: "another-ngo");
        var title = $"Not a charger {Guid.NewGuid()}";

        var response = await client.PostAsJsonAsync("/api/v1/activities", Activity(program, line, title));

        await AssertRefusedNamingTheLineAsync(response, title);
    }

    [Fact]
    public async Task A_sub_recipient_may_name_a_line_of_the_grant_its_lead_receives()
    {
        using var client = await ClientAsync();
        var program = await CreateProgramAsync(client);
        var line = await AnnouncedLineAsync(program, ["lead-ngo", Partner], recipient: "lead-ngo");

        var response = await client.PostAsJsonAsync("/api/v1/activities", Activity(program, line, $"Sub-recipient {Guid.NewGuid()}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Completing_an_activity_whose_line_was_closed_since_is_refused_naming_the_field()
    {
        using var client = await ClientAsync();
        var program = await CreateProgramAsync(client);
        var grant = Guid.NewGuid();
        var line = await AnnouncedLineAsync(program, [Partner], grant: grant);
        var created = await client.PostAsJsonAsync("/api/v1/activities", Activity(program, line, $"Closed later {Guid.NewGuid()}"));
        var activity = await CreatedAsync(created);
        await AnnouncedLineAsync(program, [Partner], open: false, version: 2, grant: grant, line: line);

        using var complete = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/activities/{activity}/complete")
        {
            Content = JsonContent.Create(new { actualStart = "2026-10-01", actualEnd = "2026-10-03", actualCost = new { amount = 1_420_000m, currency = "XOF", valueDate = "2026-10-03" } }),
        };
        complete.Headers.IfMatch.Add(created.Headers.ETag!);
        var response = await client.SendAsync(complete);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, body);
        Assert.Equal("planned", await _platform.ActivitiesDb(db => db.FieldActivities.Where(a => a.Id == activity).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task An_older_grant_change_arriving_late_does_not_reopen_a_closed_line()
    {
        using var client = await ClientAsync();
        var program = await CreateProgramAsync(client);
        var grant = Guid.NewGuid();
        var line = await AnnouncedLineAsync(program, [Partner], open: false, version: 3, grant: grant);
        var late = NewId.NextGuid();
        await Bus.Publish(new GrantChanged(grant, program, "XOF", Partner, [Partner], [new GrantBudgetLineState(line, null, true)], _platform.Clock.GetUtcNow(), 2),
            context => context.MessageId = late);
        var title = $"Late reopening {Guid.NewGuid()}";
        await Eventually.TrueAsync(() => _platform.ActivitiesDb(db => db.InboxMessages.AnyAsync(m => m.MessageId == late)),
            TimeSpan.FromSeconds(30), "the late event to be consumed");

        var response = await client.PostAsJsonAsync("/api/v1/activities", Activity(program, line, title));

        await AssertRefusedNamingTheLineAsync(response, title);
    }

    [Fact]
    public async Task An_upload_row_naming_a_line_its_partner_may_not_charge_is_a_row_error_and_the_other_rows_are_created()
    {
        using var client = await ClientAsync();
        var program = await CreateProgramAsync(client);
        var allowed = await AnnouncedLineAsync(program, [Partner]);
        var refused = await AnnouncedLineAsync(program, ["another-ngo"], recipient: "another-ngo");
        var csv = new StringBuilder("programId,title,type,communePcode,plannedStart,plannedEnd,budgetLineId\n")
            .Append($"{program},Upload allowed {program},training,ML060201,2026-10-01,2026-10-03,{allowed}\n")
            .Append($"{program},Upload refused {program},training,ML060201,2026-10-01,2026-10-03,{refused}\n");

        var accepted = await client.PostAsync("/api/v1/activities/imports", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var import = await Eventually.ReturnsAsync(() => client.GetFromJsonAsync<JsonElement>(accepted.Headers.Location),
            i => i.GetProperty("status").GetString() is "completed" or "failed", TimeSpan.FromSeconds(90), "the import to finish");

        var error = Assert.Single(import.GetProperty("summary").GetProperty("errors").EnumerateArray());
        Assert.Equal((2, "budgetLineId", "may_not_charge"), (error.GetProperty("row").GetInt32(), error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        var titles = await _platform.ActivitiesDb(db => db.FieldActivities.Where(a => a.ProgramId == program).Select(a => a.Title).ToListAsync());
        Assert.Equal([$"Upload allowed {program}"], titles);
    }
}
