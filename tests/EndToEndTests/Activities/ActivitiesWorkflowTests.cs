using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.Contracts.Activities;
using JusticePlatform.Contracts.Grievances;
using JusticePlatform.TestSupport;
using Microsoft.Extensions.Time.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.EndToEndTests.Activities;

/// <summary>Activities through the gateway: transitions, attendance against the projection, unique reach, period locks, events.</summary>
public sealed class ActivitiesWorkflowTests(ActivitiesWorkflowTests.Platform fixture) : IClassFixture<ActivitiesWorkflowTests.Platform>
{
    private const string Lead = "amss";
    private const string Member = "wildaf";

    /// <summary>The platform's fixed clock: events the tests publish happen on it too.</summary>
    private static readonly DateTimeOffset Today = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private readonly TestPlatform _platform = fixture.Platform;

    public sealed class Platform : PlatformFixture
    {
        // A fixed day, so that dated answers (actual dates not in the future, age bands) do not change as the real date moves on.
        protected override PlatformOptions Options => new() { Gateway = true, Clock = new FakeTimeProvider(Today) };

        protected override string[] RegisteredPartners => [Member];
    }

    [Fact]
    public async Task Status_moves_only_along_the_workflow_and_a_refusal_names_the_allowed_moves()
    {
        var (program, _) = await ProgramAsync("FLOW");
        using var member = await _platform.MemberAsync(Member);
        var (id, etag) = await member.CreateActivityAsync(program, "ML060201");
        var url = $"{ActivitiesClient.Activities}/{id}";

        await (await member.SendAsync(HttpMethod.Post, $"{url}/start", new { actualStart = "2026-10-01" }, etag)).JsonAsync();
        var again = await member.SendAsync(HttpMethod.Post, $"{url}/start", new { actualStart = "2026-10-01" }, await member.ETagAsync(id));
        await (await member.CompleteAsync(id)).JsonAsync();
        var back = await member.SendAsync(HttpMethod.Post, $"{url}/start", new { actualStart = "2026-10-01" }, await member.ETagAsync(id));
        var cancelled = await (await member.SendAsync(HttpMethod.Post, $"{url}/cancel", null, await member.ETagAsync(id))).JsonAsync();
        var afterCancel = await member.CompleteAsync(id);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("completed, cancelled", (await again.JsonAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, back.StatusCode);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Contains("Nothing follows cancelled", (await afterCancel.JsonAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_update_needs_the_current_etag()
    {
        var (program, _) = await ProgramAsync("ETAG");
        using var member = await _platform.MemberAsync(Member);
        var (id, etag) = await member.CreateActivityAsync(program, "ML060201");
        var url = $"{ActivitiesClient.Activities}/{id}";

        var without = await member.SendAsync(HttpMethod.Post, $"{url}/start", new { actualStart = "2026-10-01" }, null);
        await (await member.SendAsync(HttpMethod.Post, $"{url}/start", new { actualStart = "2026-10-01" }, etag)).JsonAsync();
        var stale = await member.SendAsync(HttpMethod.Post, $"{url}/cancel", null, etag);

        Assert.Equal(HttpStatusCode.PreconditionRequired, without.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("in_progress", (await (await member.GetAsync(url)).JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_invalid_activity_is_refused_naming_each_field_and_nothing_is_written()
    {
        var (program, _) = await ProgramAsync("VALID");
        using var member = await _platform.MemberAsync(Member);

        var response = await member.PostAsJsonAsync(ActivitiesClient.Activities, new
        {
            programId = program, title = "", type = "party", communePcode = "ML0699", plannedStart = "2026-10-05", plannedEnd = "2026-10-01",
            indicatorIds = new[] { Guid.NewGuid() }, plannedCost = new { amount = 12.345m, currency = "FCFA" },
        });

        var errors = (await response.JsonAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Equal(
            ["communePcode", "indicatorIds[0]", "plannedCost.amount", "plannedCost.currency", "plannedCost.valueDate", "plannedEnd", "title", "type"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(0, await _platform.ActivitiesDb(db => db.FieldActivities.CountAsync(a => a.ProgramId == program)));
    }

    [Fact]
    public async Task A_retried_create_with_the_same_idempotency_key_is_stored_once()
    {
        var (program, _) = await ProgramAsync("RETRY");
        using var member = await _platform.MemberAsync(Member);
        var body = new { programId = program, title = "Débat radio", type = "radio_debate", communePcode = "ML060501", plannedStart = "2026-10-01", plannedEnd = "2026-10-01" };

        async Task<HttpResponseMessage> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, ActivitiesClient.Activities) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "radio-2026-10-01");
            return await member.SendAsync(request);
        }

        var first = await (await PostAsync()).JsonAsync(HttpStatusCode.Created);
        var retry = await PostAsync();

        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.GetProperty("id").GetGuid(), (await retry.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        Assert.Equal(1, await _platform.ActivitiesDb(db => db.FieldActivities.CountAsync(a => a.ProgramId == program)));
    }

    [Fact]
    public async Task An_unknown_beneficiary_id_is_a_422_naming_it_and_no_attendance_is_written()
    {
        var (program, _) = await ProgramAsync("UNKNOWN");
        using var member = await _platform.MemberAsync(Member);
        using var outsider = await _platform.MemberAsync("stop-sahel");
        var known = await member.RegisterKnownAsync(Samples.Person());
        var othersBeneficiary = await outsider.RegisterKnownAsync(Samples.Person("Mariam"));
        var unknown = Guid.NewGuid();
        var (id, _) = await member.CreateActivityAsync(program, "ML060201");

        var problem = await (await member.AttendAsync(id, known, unknown, othersBeneficiary)).JsonAsync(HttpStatusCode.UnprocessableEntity);

        var named = problem.GetProperty("unknownBeneficiaryIds").EnumerateArray().Select(e => e.GetGuid()).ToList();
        Assert.Equal(new[] { unknown, othersBeneficiary }.Order(), named.Order());
        Assert.Contains(unknown.ToString(), problem.GetProperty("detail").GetString());
        Assert.Equal(0, await _platform.ActivitiesDb(db => db.Attendance.CountAsync(a => a.ActivityId == id)));
    }

    [Fact]
    public async Task Attendance_refused_because_the_person_had_not_reached_Activities_yet_succeeds_on_retry_with_the_same_key()
    {
        var (program, _) = await ProgramAsync("LATE");
        using var member = await _platform.MemberAsync(Member);
        var (activity, _) = await member.CreateActivityAsync(program, "ML060201");
        // Registered in Beneficiaries, its event not yet consumed by Activities: the test sends the event itself, later.
        var person = Guid.NewGuid();
        var key = "late-" + Guid.NewGuid().ToString("N");
        Task<HttpResponseMessage> AttendWithKeyAsync()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{ActivitiesClient.Activities}/{activity}/attendance")
            {
                Content = JsonContent.Create(new { beneficiaryIds = new[] { person } }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return member.SendAsync(request);
        }

        var early = await AttendWithKeyAsync();
        await _platform.Beneficiaries.Services.GetRequiredService<IBus>()
            .Publish(new JusticePlatform.Contracts.Beneficiaries.BeneficiaryRegistered(person, Member, "individual", "female", 1990, false, "host", "ML060201", Today, 1));
        await member.WaitUntilKnownAsync(person);
        var retry = await AttendWithKeyAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        var recorded = await retry.JsonAsync();
        Assert.False(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, recorded.GetProperty("added").GetInt32());
        Assert.Equal(1, await _platform.ActivitiesDb(db => db.Attendance.CountAsync(a => a.ActivityId == activity)));
    }

    [Fact]
    public async Task A_refused_request_body_is_refused_again_on_retry_with_the_same_key_without_running_again()
    {
        var (program, _) = await ProgramAsync("BADBODY");
        using var member = await _platform.MemberAsync(Member);
        var key = "bad-" + Guid.NewGuid().ToString("N");
        Task<HttpResponseMessage> CreateWithKeyAsync()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, ActivitiesClient.Activities)
            {
                Content = JsonContent.Create(new { programId = program, title = "", type = "training", communePcode = "ML060201" }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return member.SendAsync(request);
        }

        var first = await CreateWithKeyAsync();
        var retry = await CreateWithKeyAsync();

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (first.StatusCode, retry.StatusCode));
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_person_at_two_trainings_is_reached_once()
    {
        var (program, _) = await ProgramAsync("UNIQUE");
        using var member = await _platform.MemberAsync(Member);
        var awa = await member.RegisterKnownAsync(Samples.Person("Awa"));
        var fanta = await member.RegisterKnownAsync(Samples.Person("Fanta"));
        var (first, _) = await member.CreateActivityAsync(program, "ML060201");
        var (second, _) = await member.CreateActivityAsync(program, "ML060202");

        var recorded = await (await member.AttendAsync(first, awa, fanta)).JsonAsync();
        var repeated = await (await member.AttendAsync(first, awa)).JsonAsync();
        await (await member.AttendAsync(second, awa)).JsonAsync();
        await (await member.CompleteAsync(first)).JsonAsync();
        await (await member.CompleteAsync(second)).JsonAsync();

        var reach = await member.ReachAsync(program, "scope=own");
        Assert.Equal(2, recorded.GetProperty("added").GetInt32());
        Assert.Equal(1, repeated.GetProperty("alreadyRecorded").GetInt32());
        Assert.Equal("2", reach.GetProperty("distinctPeople").GetString());
    }

    [Fact]
    public async Task A_merged_record_counts_as_its_survivor_also_when_the_merge_arrives_after_the_attendance()
    {
        var (program, _) = await ProgramAsync("MERGE");
        using var member = await _platform.MemberAsync(Member);
        var survivor = await member.RegisterKnownAsync(Samples.Person("Kadidia", birthDate: "1990-05-01"));
        var duplicate = await member.RegisterKnownAsync(Samples.Person("Kadidiatou", birthDate: "2012-05-01"));
        var (first, _) = await member.CreateActivityAsync(program, "ML060201");
        var (second, _) = await member.CreateActivityAsync(program, "ML060201");
        await (await member.AttendAsync(first, survivor)).JsonAsync();
        await (await member.AttendAsync(second, duplicate)).JsonAsync();
        await (await member.CompleteAsync(first)).JsonAsync();
        var beforeMerge = await member.ReachAsync(program, "scope=own");

        (await member.PostAsJsonAsync($"/api/v1/beneficiaries/{survivor}/merge", new { mergedId = duplicate })).EnsureSuccessStatusCode();
        await member.WaitUntilKnownAsync(duplicate, known => known.GetProperty("mergedIntoId").ValueKind != System.Text.Json.JsonValueKind.Null);
        var (third, _) = await member.CreateActivityAsync(program, "ML060201");
        await (await member.AttendAsync(third, duplicate)).JsonAsync();
        await (await member.CompleteAsync(second)).JsonAsync();
        await (await member.CompleteAsync(third)).JsonAsync();
        var afterMerge = await member.ReachAsync(program, "scope=own");

        Assert.Equal("1", beforeMerge.GetProperty("distinctPeople").GetString());
        Assert.Equal("1", afterMerge.GetProperty("distinctPeople").GetString());
        var cell = Assert.Single(afterMerge.GetProperty("people").EnumerateArray());
        Assert.Equal("18-59", cell.GetProperty("ageBand").GetString());
    }

    [Fact]
    public async Task An_erased_person_still_counts_by_categories()
    {
        var (program, _) = await ProgramAsync("ERASED");
        using var member = await _platform.MemberAsync(Member);
        var person = await member.RegisterKnownAsync(Samples.Person("Oumou", displacement: "returnee"));
        var (id, _) = await member.CreateActivityAsync(program, "ML060201");
        await (await member.AttendAsync(id, person)).JsonAsync();
        (await member.PostAsync($"/api/v1/beneficiaries/{person}/erasure", null)).EnsureSuccessStatusCode();
        await member.WaitUntilKnownAsync(person, known => known.GetProperty("erasedAt").ValueKind != System.Text.Json.JsonValueKind.Null);

        await (await member.CompleteAsync(id)).JsonAsync();
        var reach = await member.ReachAsync(program, "scope=own");

        var cell = Assert.Single(reach.GetProperty("people").EnumerateArray());
        Assert.Equal(("female", "18-59", "returnee", "1"),
            (cell.GetProperty("sex").GetString(), cell.GetProperty("ageBand").GetString(), cell.GetProperty("displacementStatus").GetString(), cell.GetProperty("count").GetString()));
    }

    [Fact]
    public async Task A_locked_period_refuses_every_change_to_its_actuals_with_a_409_naming_the_lock_and_its_report_stays_the_same()
    {
        var (program, framework) = await ProgramAsync("LOCK");
        using var lead = await _platform.MemberAsync(Lead);
        using var member = await _platform.MemberAsync(Member);
        var awa = await member.RegisterKnownAsync(Samples.Person("Awa"));
        var fanta = await member.RegisterKnownAsync(Samples.Person("Fanta"));
        var (done, _) = await member.CreateActivityAsync(program, "ML060201", [framework.People]);
        var (pending, _) = await member.CreateActivityAsync(program, "ML060201", [framework.People]);
        await (await member.AttendAsync(done, awa)).JsonAsync();
        await (await member.CompleteAsync(done)).JsonAsync();
        await (await member.AttendAsync(pending, fanta)).JsonAsync();
        var before = await member.ProgressAsync(program, framework.Period, scope: "own");

        var memberLock = await member.PostAsync($"{ActivitiesClient.Programs}/{program}/periods/{framework.Period}/lock", null);
        await (await lead.PostAsync($"{ActivitiesClient.Programs}/{program}/periods/{framework.Period}/lock", null)).JsonAsync();
        var complete = await member.CompleteAsync(pending, actualEnd: "2026-10-20");
        var attend = await member.AttendAsync(done, fanta);
        var cancel = await member.SendAsync(HttpMethod.Post, $"{ActivitiesClient.Activities}/{done}/cancel", null, await member.ETagAsync(done));
        var value = await lead.PostAsJsonAsync($"{ActivitiesClient.Programs}/{program}/indicators/{framework.Manual}/values",
            new { periodId = framework.Period, text = "Late finding", comment = "after the lock" });

        Assert.Equal(HttpStatusCode.Forbidden, memberLock.StatusCode);
        foreach (var refused in new[] { complete, attend, cancel, value })
        {
            var problem = await refused.JsonAsync(HttpStatusCode.Conflict);
            Assert.Equal("The period 2026-Q4 is locked", problem.GetProperty("title").GetString());
            Assert.Equal(framework.Period, problem.GetProperty("periodId").GetGuid());
        }

        Assert.Equal(before.GetProperty("indicators").ToString(), (await member.ProgressAsync(program, framework.Period, scope: "own")).GetProperty("indicators").ToString());
        Assert.Equal("1", before.Indicator("1.1.1").GetProperty("actual").GetString());
    }

    [Fact]
    public async Task A_qualitative_value_entered_by_hand_is_reported_with_its_comment()
    {
        var (program, framework) = await ProgramAsync("QUAL");
        using var lead = await _platform.MemberAsync(Lead);

        var missing = await lead.PostAsJsonAsync($"{ActivitiesClient.Programs}/{program}/indicators/{framework.Manual}/values",
            new { periodId = framework.Period, comment = "no text" });
        await (await lead.PostAsJsonAsync($"{ActivitiesClient.Programs}/{program}/indicators/{framework.Manual}/values", new
        {
            periodId = framework.Period,
            text = "Les chefs de village orientent désormais les plaintes vers les parajuristes",
            comment = "Focus groups in Goundam, October 2026",
        })).JsonAsync(HttpStatusCode.Created);

        var indicator = (await lead.ProgressAsync(program, framework.Period)).Indicator("1.1.2");
        Assert.True((await missing.JsonAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("text", out _));
        Assert.Equal("Les chefs de village orientent désormais les plaintes vers les parajuristes", indicator.GetProperty("actual").GetString());
        Assert.Equal("Focus groups in Goundam, October 2026", indicator.GetProperty("comment").GetString());
    }

    [Fact]
    public async Task Redress_obtained_in_a_members_case_counts_towards_the_grievance_outcome_indicator()
    {
        var (program, framework) = await ProgramAsync("REDRESS");
        using var member = await _platform.MemberAsync(Member);
        var bus = _platform.Beneficiaries.Services.GetRequiredService<IBus>();

        await bus.Publish(new GrievanceRedressObtained(Guid.NewGuid(), Member, "compensation", new DateOnly(2026, 11, 2), "ML060201", "female", "18-59", Today, ProgramId: program));
        await bus.Publish(new GrievanceRedressObtained(Guid.NewGuid(), "stop-sahel", "compensation", new DateOnly(2026, 11, 3), "ML060201", "male", "18-59", Today, ProgramId: program));

        await Eventually.TrueAsync(() => _platform.ActivitiesDb(db => db.GrievanceOutcomes.AnyAsync(o => o.PartnerId == "stop-sahel" && o.ProgramId == program)),
            TimeSpan.FromSeconds(30), "the redress events to be consumed");
        var own = (await member.ProgressAsync(program, framework.Period, scope: "own")).Indicator("2.1.1");
        var shared = (await member.ProgressAsync(program, framework.Period)).Indicator("2.1.1");
        Assert.Equal("1", own.GetProperty("actual").GetString());
        Assert.Equal("<5", shared.GetProperty("actual").GetString());
    }

    [Fact]
    public async Task A_members_value_entered_by_hand_counts_only_once_the_lead_accepts_it()
    {
        var (program, framework) = await ProgramAsync("PENDING");
        using var member = await _platform.MemberAsync(Member);
        using var lead = await _platform.MemberAsync(Lead);
        var values = $"{ActivitiesClient.Programs}/{program}/indicators/{framework.Manual}/values";

        var entered = await (await member.PostAsJsonAsync(values, new { periodId = framework.Period, text = "Les plaintes augmentent", comment = "Focus groups" }))
            .JsonAsync(HttpStatusCode.Created);
        var beforeAcceptance = (await lead.ProgressAsync(program, framework.Period)).Indicator("1.1.2");
        var pending = await (await lead.GetAsync($"{ActivitiesClient.Programs}/{program}/values?status=pending")).JsonAsync();
        var acceptance = $"{ActivitiesClient.Programs}/{program}/values/{pending.GetProperty("items")[0].GetProperty("id").GetGuid()}/accept";
        var byMember = await member.PostAsync(acceptance, null);
        var accepted = await (await lead.PostAsync(acceptance, null)).JsonAsync();
        var afterAcceptance = (await lead.ProgressAsync(program, framework.Period)).Indicator("1.1.2");

        Assert.Equal(("pending", Member), (entered.GetProperty("status").GetString(), entered.GetProperty("enteredBy").GetString()));
        Assert.Equal(entered.GetProperty("id").GetGuid(), pending.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, beforeAcceptance.GetProperty("actual").ValueKind);
        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal(("accepted", Lead), (accepted.GetProperty("status").GetString(), accepted.GetProperty("reviewedBy").GetString()));
        Assert.Equal("Les plaintes augmentent", afterAcceptance.GetProperty("actual").GetString());
    }

    [Fact]
    public async Task A_member_cannot_replace_the_leads_value_entered_by_hand()
    {
        var (program, framework) = await ProgramAsync("LEADVALUE");
        using var member = await _platform.MemberAsync(Member);
        using var lead = await _platform.MemberAsync(Lead);
        var values = $"{ActivitiesClient.Programs}/{program}/indicators/{framework.Manual}/values";
        await (await lead.PostAsJsonAsync(values, new { periodId = framework.Period, text = "Valeur du chef de file", comment = "Rapport trimestriel" }))
            .JsonAsync(HttpStatusCode.Created);

        var overwrite = await member.PostAsJsonAsync(values, new { periodId = framework.Period, text = "Valeur du membre", comment = "Autre source" });

        var problem = await overwrite.JsonAsync(HttpStatusCode.Conflict);
        Assert.Contains("lead", problem.GetProperty("title").GetString());
        Assert.Equal("Valeur du chef de file", (await lead.ProgressAsync(program, framework.Period)).Indicator("1.1.2").GetProperty("actual").GetString());
    }

    [Fact]
    public async Task A_program_total_cannot_give_back_the_one_aggregate_cell_under_five()
    {
        var (program, _) = await ProgramAsync("COMPLEMENT");
        using var member = await _platform.MemberAsync(Member);
        using var lead = await _platform.MemberAsync(Lead);
        var (broadcast, etag) = await member.CreateActivityAsync(program, "ML060201", type: "radio_broadcast");
        await (await member.SendAsync(HttpMethod.Put, $"{ActivitiesClient.Activities}/{broadcast}/reach", new
        {
            cells = new object[]
            {
                new { sex = "female", ageBand = "18-59", hasDisability = false, displacementStatus = "host", count = 250 },
                new { sex = "male", ageBand = "18-59", hasDisability = false, displacementStatus = "host", count = 200 },
                new { sex = "female", ageBand = "60+", hasDisability = true, displacementStatus = "idp", count = 3 },
            },
        }, etag)).JsonAsync();
        await (await member.CompleteAsync(broadcast)).JsonAsync();

        var shared = await lead.ReachAsync(program, "activityType=radio_broadcast");
        var own = await member.ReachAsync(program, "activityType=radio_broadcast&scope=own");

        static string[] Counts(JsonElement reach) =>
            [.. reach.GetProperty("aggregate").EnumerateArray().OrderBy(c => c.GetProperty("sex").GetString()).ThenBy(c => c.GetProperty("ageBand").GetString())
                .Select(c => c.GetProperty("count").GetString()!)];
        // 453 - 250 would give the 3 back: the next smallest cell, 200, is withheld as well.
        Assert.Equal("453", shared.GetProperty("aggregateReach").GetString());
        Assert.Equal(["250", "<5", "x"], Counts(shared));
        Assert.Equal(["250", "3", "200"], Counts(own));
    }

    [Fact]
    public async Task Completing_and_cancelling_publish_events_through_the_outbox_without_personal_data()
    {
        var (program, framework) = await ProgramAsync("EVENTS");
        using var member = await _platform.MemberAsync(Member);
        var person = await member.RegisterKnownAsync(Samples.Person("Zeinabou", "Ag-Attaher", birthDate: "1991-08-14", phone: "66554433"));
        var (id, _) = await member.CreateActivityAsync(program, "ML060201", [framework.People]);
        await (await member.AttendAsync(id, person)).JsonAsync();
        await (await member.SendAsync(HttpMethod.Put, $"{ActivitiesClient.Activities}/{id}/reach",
            new { cells = new[] { new { sex = "male", ageBand = "60+", hasDisability = true, displacementStatus = "host", count = 12 } } },
            await member.ETagAsync(id))).JsonAsync();

        await (await member.CompleteAsync(id)).JsonAsync();
        await (await member.SendAsync(HttpMethod.Post, $"{ActivitiesClient.Activities}/{id}/cancel", null, await member.ETagAsync(id))).JsonAsync();

        await Eventually.TrueAsync(() => _platform.ActivitiesDb(db => db.OutboxMessages.AllAsync(m => m.SentAt != null)),
            TimeSpan.FromSeconds(30), "the events to be published");
        var bodies = await _platform.ActivitiesDb(db => db.OutboxMessages.Select(m => new { m.MessageType, m.Body }).ToListAsync());
        var completed = bodies.Single(b => b.Body.Contains(id.ToString(), StringComparison.Ordinal) && b.MessageType.Contains("completed", StringComparison.OrdinalIgnoreCase));
        var cancelled = bodies.Single(b => b.Body.Contains(id.ToString(), StringComparison.Ordinal) && b.MessageType.Contains("cancelled", StringComparison.OrdinalIgnoreCase));
        var message = System.Text.Json.JsonSerializer.Deserialize<ActivityCompleted>(completed.Body, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
        Assert.Equal((1_420_000m, "XOF"), (message.ActualCost!.Amount, message.ActualCost.Currency));
        Assert.Contains(message.Reach, r => r is { Sex: "female", AgeBand: "18-59", DisplacementStatus: "idp", Count: 1 });
        Assert.Contains(message.Reach, r => r is { Sex: "male", AgeBand: "60+", HasDisability: true, Count: 12 });
        Assert.Contains("\"wasCompleted\":true", cancelled.Body, StringComparison.OrdinalIgnoreCase);
        foreach (var secret in new[] { person.ToString(), "Zeinabou", "Ag-Attaher", "1991-08-14", "66554433" })
        {
            Assert.DoesNotContain(secret, completed.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, cancelled.Body, StringComparison.OrdinalIgnoreCase);
        }
    }

    private sealed record Framework(Guid Period, Guid People, Guid Manual, Guid Redress);

    /// <summary>A program led by AMSS with WILDAF as implementing partner, its Q4 2026 period and three indicators.</summary>
    private async Task<(Guid Program, Framework Framework)> ProgramAsync(string code)
    {
        using var lead = await _platform.MemberAsync(Lead);
        var program = await lead.CreateProgramAsync(code, [new { partnerId = Member, role = "implementing" }], ["ML0602", "ML0605"]);
        await _platform.JoinAsync(program, Member);
        var period = await lead.AddPeriodAsync(program, "2026-Q4", "2026-10-01", "2026-12-31");
        var so1 = await lead.AddObjectiveAsync(program, "SO1", "Citizens know and use access-to-justice initiatives");
        var so2 = await lead.AddObjectiveAsync(program, "SO2", "Victims obtain redress");
        var r11 = await lead.AddResultAsync(program, so1, "1.1", "output");
        var r21 = await lead.AddResultAsync(program, so2, "2.1", "outcome");
        var people = await lead.AddIndicatorAsync(program, r11, "1.1.1", "distinct_people", dimensions: ["sex", "age_band"], targets: [new { periodId = period, value = 50 }]);
        var manual = await lead.AddIndicatorAsync(program, r11, "1.1.2", "manual", measure: "qualitative");
        var redress = await lead.AddIndicatorAsync(program, r21, "2.1.1", "grievance_outcomes", dimensions: ["sex"], targets: [new { periodId = period, value = 20 }]);
        return (program, new Framework(period, people, manual, redress));
    }
}
