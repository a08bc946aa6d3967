using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using JusticePlatform.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace JusticePlatform.EndToEndTests.Activities;

/// <summary>
/// A consortium of three partners (lead AMSS, members WILDAF and ADES) and a partner outside it.
/// Every id-bearing route is tried from the attacker's side: outsiders find nothing, a member does
/// not see another member's activities, the lead reads but does not change them, and nothing changes.
/// </summary>
public sealed class ActivitiesVisibilityTests(ActivitiesVisibilityTests.Platform fixture) : IClassFixture<ActivitiesVisibilityTests.Platform>
{
    private const string Lead = "amss";
    private const string Member = "wildaf";
    private const string OtherMember = "ades";
    private const string Outsider = "stop-sahel";
    private const string Invited = "wildaf-invited";
    private const string SecretTitle = "Clinique juridique confidentielle";

    private readonly TestPlatform _platform = fixture.Platform;

    public sealed class Platform : PlatformFixture
    {
        // A fixed day, so that dated answers (actual dates not in the future, age bands) do not change as the real date moves on.
        protected override PlatformOptions Options => new() { Gateway = true, Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero)) };

        protected override string[] RegisteredPartners => [Member, OtherMember, Invited];
    }

    [Fact]
    public async Task Every_id_bearing_route_answers_each_partner_as_its_role_allows_and_nothing_leaks_or_changes()
    {
        var world = await SetUpAsync("BOLA");
        using var lead = await _platform.MemberAsync(Lead);
        using var member = await _platform.MemberAsync(Member);
        using var otherMember = await _platform.MemberAsync(OtherMember);
        using var outsider = await _platform.MemberAsync(Outsider);
        var before = await SnapshotAsync(member, lead, world);

        var failures = new List<string>();
        foreach (var route in ProgramRoutes(world))
        {
            await ExpectAsync(outsider, Outsider, route, HttpStatusCode.NotFound, failures);
            await ExpectAsync(otherMember, OtherMember, route, route.ForMember, failures);
        }

        foreach (var route in ActivityRoutes(world))
        {
            await ExpectAsync(outsider, Outsider, route, HttpStatusCode.NotFound, failures);
            await ExpectAsync(otherMember, OtherMember, route, HttpStatusCode.NotFound, failures);
            await ExpectAsync(lead, Lead, route, route.ForLead, failures);
        }

        Assert.Empty(failures);
        Assert.Equal(before, await SnapshotAsync(member, lead, world));
    }

    [Fact]
    public async Task Lists_hold_only_what_each_partner_may_see()
    {
        var world = await SetUpAsync("LISTS");
        using var lead = await _platform.MemberAsync(Lead);
        using var otherMember = await _platform.MemberAsync(OtherMember);
        using var outsider = await _platform.MemberAsync(Outsider);

        var outsiderPrograms = await (await outsider.GetAsync($"{ActivitiesClient.Programs}?pageSize=500")).JsonAsync();
        var outsiderActivities = await (await outsider.GetAsync($"{ActivitiesClient.Activities}?programId={world.Program}")).JsonAsync();
        var otherMemberActivities = await (await otherMember.GetAsync($"{ActivitiesClient.Activities}?programId={world.Program}")).JsonAsync();
        var leadActivities = await (await lead.GetAsync($"{ActivitiesClient.Activities}?programId={world.Program}")).JsonAsync();
        var otherMemberPrograms = await (await otherMember.GetAsync($"{ActivitiesClient.Programs}?pageSize=500")).JsonAsync();

        Assert.DoesNotContain(outsiderPrograms.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetGuid() == world.Program);
        Assert.Equal(0, outsiderActivities.GetProperty("totalCount").GetInt64());
        Assert.Equal(0, otherMemberActivities.GetProperty("totalCount").GetInt64());
        Assert.Contains(otherMemberPrograms.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetGuid() == world.Program);
        Assert.Contains(leadActivities.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == world.Activity);
    }

    [Fact]
    public async Task An_outsider_cannot_report_an_activity_in_the_program_and_is_told_only_that_the_field_is_wrong()
    {
        var world = await SetUpAsync("OUTSIDE");
        using var outsider = await _platform.MemberAsync(Outsider);

        var response = await outsider.PostAsJsonAsync(ActivitiesClient.Activities, new
        {
            programId = world.Program, title = "x", type = "training", communePcode = "ML060201", plannedStart = "2026-10-01", plannedEnd = "2026-10-02",
        });

        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("programId", out _));
        Assert.Equal(0, await _platform.ActivitiesDb(db => Task.FromResult(db.FieldActivities.Count(a => a.PartnerId == Outsider))));
    }

    [Fact]
    public async Task A_member_reads_the_framework_and_aggregate_progress_but_figures_of_others_are_suppressed_under_five()
    {
        var world = await SetUpAsync("MEMBERS");
        using var otherMember = await _platform.MemberAsync(OtherMember);
        using var member = await _platform.MemberAsync(Member);

        var framework = await (await otherMember.GetAsync($"{ActivitiesClient.Programs}/{world.Program}/framework")).JsonAsync();
        var asOther = await otherMember.ProgressAsync(world.Program, world.Period);
        var asOwner = await member.ProgressAsync(world.Program, world.Period, scope: "own");

        Assert.Single(framework.GetProperty("objectives").EnumerateArray());
        Assert.Equal("<5", asOther.Indicator("1.1.1").GetProperty("actual").GetString());
        Assert.Equal("1", asOwner.Indicator("1.1.1").GetProperty("actual").GetString());
    }

    [Fact]
    public async Task A_member_the_lead_removes_from_the_consortium_no_longer_finds_the_program()
    {
        var world = await SetUpAsync("REMOVED");
        using var lead = await _platform.MemberAsync(Lead);
        using var otherMember = await _platform.MemberAsync(OtherMember);
        var url = $"{ActivitiesClient.Programs}/{world.Program}";
        Assert.Equal(HttpStatusCode.OK, (await otherMember.GetAsync(url)).StatusCode);

        var updated = await lead.SendAsync(HttpMethod.Put, url, new
        {
            code = "REMOVED", titleFr = "Accès à la justice", members = new[] { new { partnerId = Member, role = "implementing" } },
            startDate = "2026-01-01", endDate = "2027-12-31",
        }, world.ProgramETag);

        await updated.JsonAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await otherMember.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherMember.GetAsync($"{url}/progress?periodId={world.Period}")).StatusCode);
    }

    [Fact]
    public async Task An_invited_partner_reads_and_records_nothing_in_the_program_until_it_accepts_and_the_lead_sees_its_state()
    {
        using var lead = await _platform.MemberAsync(Lead);
        using var invited = await _platform.MemberAsync(Invited);
        var program = await lead.CreateProgramAsync("INVITED", [new { partnerId = Invited, role = "implementing" }], ["ML0602"]);
        var url = $"{ActivitiesClient.Programs}/{program}";

        Assert.Equal(HttpStatusCode.NotFound, (await invited.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await invited.GetAsync($"{url}/framework")).StatusCode);
        var recorded = await invited.PostAsJsonAsync(ActivitiesClient.Activities, new
        {
            programId = program, title = "x", type = "training", communePcode = "ML060201", plannedStart = "2026-10-01", plannedEnd = "2026-10-02",
        });
        Assert.True((await recorded.JsonAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("programId", out _));
        Assert.Equal("invited", MemberStatus(await (await lead.GetAsync(url)).JsonAsync(), Invited));
        var invitations = await (await invited.GetAsync($"{ActivitiesClient.Programs}/invitations")).JsonAsync();
        Assert.Contains(invitations.GetProperty("items").EnumerateArray(), i => i.GetProperty("programId").GetGuid() == program);

        await _platform.JoinAsync(program, Invited);

        Assert.Equal("accepted", MemberStatus(await (await lead.GetAsync(url)).JsonAsync(), Invited));
        Assert.Equal(HttpStatusCode.OK, (await invited.GetAsync(url)).StatusCode);
        await invited.CreateActivityAsync(program, "ML060201");
    }

    [Fact]
    public async Task A_partner_that_declines_or_was_never_invited_cannot_answer_for_the_invitation_and_finds_nothing()
    {
        using var lead = await _platform.MemberAsync(Lead);
        using var invited = await _platform.MemberAsync(Invited);
        using var outsider = await _platform.MemberAsync(Outsider);
        var program = await lead.CreateProgramAsync("DECLINED", [new { partnerId = Invited, role = "implementing" }], ["ML0602"]);
        var url = $"{ActivitiesClient.Programs}/{program}";

        var byOutsider = await outsider.PostAsync($"{url}/invitation/accept", null);
        var declined = await invited.PostAsync($"{url}/invitation/decline", null);
        var acceptedAfterwards = await invited.PostAsync($"{url}/invitation/accept", null);

        Assert.Equal(HttpStatusCode.NotFound, byOutsider.StatusCode);
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, acceptedAfterwards.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await invited.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(url)).StatusCode);
        Assert.Equal("declined", MemberStatus(await (await lead.GetAsync(url)).JsonAsync(), Invited));
    }

    [Fact]
    public async Task A_member_that_is_not_a_registered_partner_is_refused_422_naming_the_member_and_no_program_is_created()
    {
        using var lead = await _platform.MemberAsync(Lead);

        var response = await lead.PostAsJsonAsync(ActivitiesClient.Programs, new
        {
            code = "SQUAT", titleFr = "Accès à la justice", startDate = "2026-01-01", endDate = "2026-12-31",
            members = new[] { new { partnerId = Member, role = "implementing" }, new { partnerId = "registers-later", role = "implementing" } },
        });

        var errors = (await response.JsonAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("members[1].partnerId", out _), errors.ToString());
        Assert.False(errors.TryGetProperty("members[0].partnerId", out _), errors.ToString());
        Assert.Equal(0, await _platform.ActivitiesDb(db => Task.FromResult(db.Programs.Count(p => p.Code == "SQUAT"))));
    }

    private static string? MemberStatus(System.Text.Json.JsonElement program, string partner) =>
        program.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("partnerId").GetString() == partner).GetProperty("status").GetString();

    private async Task ExpectAsync(HttpClient client, string who, Route route, HttpStatusCode expected, List<string> failures)
    {
        var response = await client.SendAsync(route.Method, route.Url, route.Body, route.ETag);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            failures.Add($"{who} {route.Method} {route.Url}: expected {(int)expected}, got {(int)response.StatusCode} {body}");
        }

        if (expected is HttpStatusCode.NotFound or HttpStatusCode.Forbidden && body.Contains(SecretTitle, StringComparison.Ordinal))
        {
            failures.Add($"{who} {route.Method} {route.Url}: the refusal shows the activity's title");
        }
    }

    private sealed record Route(HttpMethod Method, string Url, object? Body, EntityTagHeaderValue? ETag, HttpStatusCode ForMember, HttpStatusCode ForLead);

    private sealed record World(Guid Program, Guid Period, Guid Objective, Guid Result, Guid Indicator, Guid ManualIndicator, Guid Activity, Guid Beneficiary,
        EntityTagHeaderValue ProgramETag, EntityTagHeaderValue ActivityETag);

    private static IEnumerable<Route> ProgramRoutes(World w)
    {
        var p = $"{ActivitiesClient.Programs}/{w.Program}";
        var ok = HttpStatusCode.OK;
        var forbidden = HttpStatusCode.Forbidden;
        yield return new(HttpMethod.Get, p, null, null, ok, ok);
        yield return new(HttpMethod.Put, p, new
        {
            code = "TAKEN", titleFr = "Pris", members = Array.Empty<object>(), startDate = "2026-01-01", endDate = "2026-12-31",
        }, w.ProgramETag, forbidden, ok);
        yield return new(HttpMethod.Get, $"{p}/framework", null, null, ok, ok);
        yield return new(HttpMethod.Post, $"{p}/objectives", new { code = "SO9", title = "x", kind = "specific" }, null, forbidden, ok);
        yield return new(HttpMethod.Post, $"{p}/results", new { objectiveId = w.Objective, code = "9.9", title = "x", type = "output" }, null, forbidden, ok);
        yield return new(HttpMethod.Post, $"{p}/periods", new { label = "2030-Q1", startDate = "2030-01-01", endDate = "2030-03-31" }, null, forbidden, ok);
        yield return new(HttpMethod.Post, $"{p}/indicators", new { resultId = w.Result, code = "9.9.9", title = "x", measure = "unit", source = "distinct_people" }, null, forbidden, ok);
        yield return new(HttpMethod.Post, $"{p}/periods/{w.Period}/lock", null, null, forbidden, ok);
        yield return new(HttpMethod.Get, $"{p}/progress?periodId={w.Period}", null, null, ok, ok);
        yield return new(HttpMethod.Get, $"{p}/reach", null, null, ok, ok);
    }

    private static IEnumerable<Route> ActivityRoutes(World w)
    {
        var a = $"{ActivitiesClient.Activities}/{w.Activity}";
        var ok = HttpStatusCode.OK;
        var forbidden = HttpStatusCode.Forbidden;
        yield return new(HttpMethod.Get, a, null, null, HttpStatusCode.NotFound, ok);
        yield return new(HttpMethod.Put, a, new
        {
            programId = w.Program, title = "Changed", type = "workshop", communePcode = "ML060201", plannedStart = "2026-10-01", plannedEnd = "2026-10-02",
        }, w.ActivityETag, HttpStatusCode.NotFound, forbidden);
        yield return new(HttpMethod.Post, $"{a}/start", new { actualStart = "2026-10-01" }, w.ActivityETag, HttpStatusCode.NotFound, forbidden);
        yield return new(HttpMethod.Post, $"{a}/complete", new { actualStart = "2026-10-01", actualEnd = "2026-10-02" }, w.ActivityETag, HttpStatusCode.NotFound, forbidden);
        yield return new(HttpMethod.Post, $"{a}/cancel", null, w.ActivityETag, HttpStatusCode.NotFound, forbidden);
        yield return new(HttpMethod.Post, $"{a}/attendance", new { beneficiaryIds = new[] { w.Beneficiary } }, null, HttpStatusCode.NotFound, forbidden);
        yield return new(HttpMethod.Get, $"{a}/attendance", null, null, HttpStatusCode.NotFound, ok);
        yield return new(HttpMethod.Put, $"{a}/reach", new { cells = new[] { new { sex = "female", ageBand = "18-59", hasDisability = false, displacementStatus = "idp", count = 500 } } },
            w.ActivityETag, HttpStatusCode.NotFound, forbidden);
    }

    /// <summary>A program of three partners; WILDAF completed a training attended by one of its beneficiaries.</summary>
    private async Task<World> SetUpAsync(string code)
    {
        using var lead = await _platform.MemberAsync(Lead);
        using var member = await _platform.MemberAsync(Member);
        var program = await lead.CreateProgramAsync(code,
            [new { partnerId = Member, role = "implementing" }, new { partnerId = OtherMember, role = "implementing" }], ["ML0602", "ML0605"]);
        await _platform.JoinAsync(program, Member, OtherMember);
        var period = await lead.AddPeriodAsync(program, "2026-Q4", "2026-10-01", "2026-12-31");
        var objective = await lead.AddObjectiveAsync(program, "SO1", "Les citoyens connaissent et utilisent les initiatives d'accès à la justice");
        var result = await lead.AddResultAsync(program, objective, "1.1", "output");
        var indicator = await lead.AddIndicatorAsync(program, result, "1.1.1", "distinct_people", dimensions: ["sex"],
            targets: [new { periodId = period, value = 100 }]);
        var manual = await lead.AddIndicatorAsync(program, result, "1.1.2", "manual", measure: "qualitative");
        var beneficiary = await member.RegisterKnownAsync(Samples.Person());
        var (activity, _) = await member.CreateActivityAsync(program, "ML060201", [indicator], title: SecretTitle);
        await (await member.AttendAsync(activity, beneficiary)).JsonAsync();
        await (await member.CompleteAsync(activity)).JsonAsync();
        var programETag = (await lead.GetAsync($"{ActivitiesClient.Programs}/{program}")).Headers.ETag!;
        return new World(program, period, objective, result, indicator, manual, activity, beneficiary, programETag, await member.ETagAsync(activity));
    }

    private static async Task<string> SnapshotAsync(HttpClient member, HttpClient lead, World w) =>
        string.Join('\n',
            await member.GetStringAsync($"{ActivitiesClient.Activities}/{w.Activity}"),
            await member.GetStringAsync($"{ActivitiesClient.Activities}/{w.Activity}/attendance"),
            await lead.GetStringAsync($"{ActivitiesClient.Programs}/{w.Program}"),
            await lead.GetStringAsync($"{ActivitiesClient.Programs}/{w.Program}/framework"));
}
