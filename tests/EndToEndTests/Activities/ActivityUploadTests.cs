using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JusticePlatform.Contracts.Activities;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace JusticePlatform.EndToEndTests.Activities;

/// <summary>Field offices report their planned activities by spreadsheet: the shared import block with the rules of a single create.</summary>
public sealed class ActivityUploadTests(ActivityUploadTests.Platform fixture) : IClassFixture<ActivityUploadTests.Platform>
{
    private const string Uploads = "/api/v1/activities/imports";
    private const string Header =
        "programId,title,type,communePcode,plannedStart,plannedEnd,plannedCostAmount,plannedCostCurrency,plannedCostValueDate,resultIds,indicatorIds\n";

    private readonly TestPlatform _platform = fixture.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero)) };

        protected override string[] RegisteredPartners => ["wildaf-plan"];
    }

    [Fact]
    public async Task An_activity_sheet_creates_the_good_rows_for_the_uploader_and_names_every_refused_row()
    {
        using var lead = await _platform.MemberAsync("amss-plan");
        using var member = await _platform.MemberAsync("wildaf-plan");
        using var stranger = await _platform.MemberAsync("stranger-plan");
        var program = await lead.CreateProgramAsync("PLAN", [new { partnerId = "wildaf-plan", role = "implementing" }], ["ML0602"]);
        await _platform.JoinAsync(program, "wildaf-plan");
        var objective = await lead.AddObjectiveAsync(program, "SO1", "Accès à la justice");
        var result = await lead.AddResultAsync(program, objective, "1.1", "output");
        var foreign = await stranger.CreateProgramAsync("FOREIGN", [], ["ML0602"]);
        var foreignObjective = await stranger.AddObjectiveAsync(foreign, "SO1", "Autre");
        var foreignResult = await stranger.AddResultAsync(foreign, foreignObjective, "1.1", "output");
        var csv = new StringBuilder(Header)
            .Append($"{program},\"Formation des relais, Goundam\",training,ML060201,2026-10-01,2026-10-03,1500000,XOF,2026-10-01,{result},\n")
            .Append($"{program},Émission radio,radio_broadcast,ML060202,2026-10-05,2026-10-05,,,,,\n")
            .Append($"{program},Atelier,picnic,ML060201,2026-10-01,2026-10-02,,,,,\n")                  // 3: not a type
            .Append($"{program},Atelier,workshop,ML060201,2026-10-09,2026-10-02,,,,,\n")                // 4: ends before it starts
            .Append($"{program},Atelier,workshop,ML060501,2026-10-01,2026-10-02,,,,,\n")                // 5: outside the program's areas
            .Append($"{foreign},Atelier,workshop,ML060201,2026-10-01,2026-10-02,,,,,\n")                // 6: another partner's program
            .Append($"{program},Atelier,workshop,ML060201,2026-10-01,2026-10-02,,,,{foreignResult},\n") // 7: another program's result
            .Append($"{program},Atelier,workshop,ML060201,le premier,2026-10-02,,,,,\n");               // 8: not a date

        var import = await UploadAsync(member, new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));

        var summary = import.GetProperty("summary");
        Assert.Equal(("WARNING", 2, 6, 8), (summary.GetProperty("status").GetString(), summary.GetProperty("stats").GetProperty("created").GetInt32(),
            summary.GetProperty("stats").GetProperty("ignored").GetInt32(), summary.GetProperty("stats").GetProperty("total").GetInt32()));
        var errors = summary.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString(), e.GetProperty("code").GetString())).ToList();
        Assert.Equal(
        [
            (3, "type", "invalid_value"), (4, "plannedEnd", "invalid_value"), (5, "communePcode", "outside_program_area"),
            (6, "programId", "not_a_member"), (7, "resultIds[0]", "not_in_program"), (8, "plannedStart", "invalid_value"),
        ], errors);

        var mine = await (await member.GetAsync($"{ActivitiesClient.Activities}?programId={program}")).JsonAsync();
        var created = mine.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, created.Count);
        Assert.All(created, a => Assert.Equal(("wildaf-plan", "planned"), (a.GetProperty("partnerId").GetString(), a.GetProperty("status").GetString())));
        var training = created.Single(a => a.GetProperty("type").GetString() == "training");
        Assert.Equal(("Formation des relais, Goundam", 1_500_000m, result),
            (training.GetProperty("title").GetString(), training.GetProperty("plannedCost").GetProperty("amount").GetDecimal(),
             training.GetProperty("resultIds")[0].GetGuid()));

        // The lead reads its member's activities; the partner outside the program sees none of them.
        var leads = await (await lead.GetAsync($"{ActivitiesClient.Activities}?programId={program}")).JsonAsync();
        Assert.Equal(2, leads.GetProperty("totalCount").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"{ActivitiesClient.Activities}/{training.GetProperty("id").GetGuid()}")).StatusCode);
        var strangers = await (await stranger.GetAsync($"{ActivitiesClient.Activities}?programId={program}")).JsonAsync();
        Assert.Equal(0, strangers.GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task A_json_batch_takes_the_objects_of_a_single_create()
    {
        using var lead = await _platform.MemberAsync("amss-json");
        var program = await lead.CreateProgramAsync("JSON", [], ["ML0602"]);
        var batch = new object[]
        {
            new { programId = program, title = "Formation", type = "training", communePcode = "ML060201", plannedStart = "2026-10-01", plannedEnd = "2026-10-02",
                  plannedCost = new { amount = 250_000.50m, currency = "XOF", valueDate = "2026-10-01" } },
            new { programId = program, title = "", type = "training", communePcode = "ML060201", plannedStart = "2026-10-01", plannedEnd = "2026-10-02" },
        };

        var import = await UploadAsync(lead, JsonContent.Create(batch));

        var summary = import.GetProperty("summary");
        Assert.Equal(1, summary.GetProperty("stats").GetProperty("created").GetInt32());
        var error = Assert.Single(summary.GetProperty("errors").EnumerateArray());
        Assert.Equal((2, "title", "invalid_value"), (error.GetProperty("row").GetInt32(), error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        var activities = await (await lead.GetAsync($"{ActivitiesClient.Activities}?programId={program}")).JsonAsync();
        Assert.Equal(250_000.50m, Assert.Single(activities.GetProperty("items").EnumerateArray()).GetProperty("plannedCost").GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task A_retried_upload_with_the_same_idempotency_key_creates_nothing_twice()
    {
        using var lead = await _platform.MemberAsync("amss-retry");
        var program = await lead.CreateProgramAsync("RETRY", [], ["ML0602"]);
        var csv = Header + $"{program},Formation,training,ML060201,2026-10-01,2026-10-02,,,,,\n{program},Débat radio,radio_debate,ML060202,2026-10-04,2026-10-04,,,,,\n";

        var first = await SendAsync(lead, csv, "plan-2026-10");
        var firstImport = await FinishedAsync(lead, first.Headers.Location!);
        var retry = await SendAsync(lead, csv, "plan-2026-10");
        await FinishedAsync(lead, retry.Headers.Location!);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, retry.StatusCode));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(2, firstImport.GetProperty("summary").GetProperty("stats").GetProperty("created").GetInt32());
        var activities = await (await lead.GetAsync($"{ActivitiesClient.Activities}?programId={program}")).JsonAsync();
        Assert.Equal(2, activities.GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task Another_partners_activity_import_answers_404()
    {
        using var owner = await _platform.MemberAsync("amss-import-owner");
        using var stranger = await _platform.MemberAsync("stranger-import");
        var accepted = await owner.PostAsync(Uploads, new StringContent(Header + $"{Guid.NewGuid()},Formation,training,ML060201,2026-10-01,2026-10-02,,,,,\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        var read = await stranger.GetAsync(accepted.Headers.Location);
        var cancel = await stranger.PostAsync(accepted.Headers.Location + "/cancellation", null);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (read.StatusCode, cancel.StatusCode));
    }

    private const string ReportHeader =
        "programId,title,type,communePcode,plannedStart,plannedEnd,status,actualStart,actualEnd,actualCostAmount,actualCostCurrency,actualCostValueDate,aggregateReach\n";

    [Fact]
    public async Task An_uploaded_completed_activity_publishes_ActivityCompleted_once_and_counts_in_reach()
    {
        using var lead = await _platform.MemberAsync("amss-report");
        var program = await lead.CreateProgramAsync("REPORT", [], ["ML0602"]);
        var csv = new StringBuilder(ReportHeader)
            .Append($"{program},Émission radio,radio_broadcast,ML060201,2026-10-01,2026-10-01,completed,2026-10-02,2026-10-02,85000,XOF,2026-10-02,\"female/18-59/idp=120; male/60+/host/disability=15\"\n")
            .Append($"{program},Débat radio,radio_debate,ML060202,2026-12-01,2026-12-01,planned,,,,,,\n");

        var import = await UploadAsync(lead, new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));

        Assert.Equal(2, import.GetProperty("summary").GetProperty("stats").GetProperty("created").GetInt32());
        var items = (await (await lead.GetAsync($"{ActivitiesClient.Activities}?programId={program}")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        var done = items.Single(a => a.GetProperty("type").GetString() == "radio_broadcast");
        Assert.Equal(("completed", "2026-10-02", 85_000m), (done.GetProperty("status").GetString(), done.GetProperty("actualEnd").GetString(),
            done.GetProperty("actualCost").GetProperty("amount").GetDecimal()));
        Assert.Equal(135, done.GetProperty("aggregateReach").EnumerateArray().Sum(c => c.GetProperty("count").GetInt32()));
        Assert.Equal("planned", items.Single(a => a.GetProperty("type").GetString() == "radio_debate").GetProperty("status").GetString());

        var id = done.GetProperty("id").GetGuid();
        var events = await Eventually.ReturnsAsync(
            () => _platform.ActivitiesDb(db => db.OutboxMessages.AsNoTracking().Where(m => m.Body.Contains(id.ToString())).ToListAsync()),
            e => e.Count > 0 && e.All(m => m.SentAt != null), TimeSpan.FromSeconds(30), "the upload's event to be published");
        var completed = Assert.Single(events);
        Assert.Contains("completed", completed.MessageType, StringComparison.OrdinalIgnoreCase);
        var message = JsonSerializer.Deserialize<ActivityCompleted>(completed.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal((program, 85_000m, "XOF"), (message.ProgramId, message.ActualCost!.Amount, message.ActualCost.Currency));
        Assert.Contains(message.Reach, r => r is { Sex: "female", AgeBand: "18-59", HasDisability: false, DisplacementStatus: "idp", Count: 120 });
        Assert.Contains(message.Reach, r => r is { Sex: "male", AgeBand: "60+", HasDisability: true, DisplacementStatus: "host", Count: 15 });

        var reach = await lead.ReachAsync(program, "scope=own");
        Assert.Equal("135", reach.GetProperty("aggregateReach").GetString());
    }

    [Fact]
    public async Task A_completed_row_in_a_locked_period_or_breaking_the_completion_rules_is_refused_as_a_row_error()
    {
        using var lead = await _platform.MemberAsync("amss-locked");
        var program = await lead.CreateProgramAsync("LOCKED", [], ["ML0602"]);
        var quarter = await lead.AddPeriodAsync(program, "2026-Q3", "2026-07-01", "2026-09-30");
        await (await lead.PostAsync($"{ActivitiesClient.Programs}/{program}/periods/{quarter}/lock", null)).JsonAsync();
        var csv = new StringBuilder(ReportHeader)
            .Append($"{program},Formation,training,ML060201,2026-09-01,2026-09-02,completed,2026-09-01,2026-09-02,,,,female/18-59/idp=10\n") // 1: locked
            .Append($"{program},Formation,training,ML060201,2026-10-01,2026-10-02,completed,2026-10-01,2026-10-02,,,,female/18-59/idp=10\n") // 2: good
            .Append($"{program},Formation,training,ML060201,2026-12-01,2026-12-02,completed,2026-12-01,2026-12-02,,,,\n")                 // 3: starts and ends in the future
            .Append($"{program},Formation,training,ML060201,2026-10-01,2026-10-02,,2026-10-01,2026-10-02,,,,\n")                          // 4: actuals without completed
            .Append($"{program},Formation,training,ML060201,2026-10-01,2026-10-02,completed,2026-10-01,2026-10-02,,,,femme/18-59/idp=10\n") // 5: not a sex
            .Append($"{program},Formation,training,ML060201,2026-10-01,2026-10-02,completed,2026-10-01,2026-10-02,,,,female/18-59=10\n");   // 6: not a cell

        var import = await UploadAsync(lead, new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));

        var summary = import.GetProperty("summary");
        Assert.Equal((1, 5), (summary.GetProperty("stats").GetProperty("created").GetInt32(), summary.GetProperty("stats").GetProperty("ignored").GetInt32()));
        var errors = summary.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString(), e.GetProperty("code").GetString())).ToList();
        Assert.Equal(
        [
            (1, "actualEnd", "period_locked"), (3, "actualStart", "invalid_value"), (3, "actualEnd", "invalid_value"), (4, "status", "invalid_value"),
            (5, "aggregateReach[0].sex", "invalid_value"), (6, "aggregateReach", "invalid_value"),
        ], errors.OrderBy(e => e.Item1));
        var activities = await (await lead.GetAsync($"{ActivitiesClient.Activities}?programId={program}")).JsonAsync();
        Assert.Equal("2026-10-02", Assert.Single(activities.GetProperty("items").EnumerateArray()).GetProperty("actualEnd").GetString());
        var events = await _platform.ActivitiesDb(db => db.OutboxMessages.AsNoTracking().Where(m => m.Body.Contains(program.ToString())).Select(m => m.MessageType).ToListAsync());
        Assert.Single(events, type => type.Contains("completed", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<JsonElement> UploadAsync(HttpClient client, HttpContent content)
    {
        var accepted = await client.PostAsync(Uploads, content);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        return await FinishedAsync(client, accepted.Headers.Location!);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string csv, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Uploads) { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    private static Task<JsonElement> FinishedAsync(HttpClient client, Uri location) =>
        Eventually.ReturnsAsync(() => client.GetFromJsonAsync<JsonElement>(location),
            i => i.GetProperty("status").GetString() is "completed" or "failed", TimeSpan.FromSeconds(60), "the activity import");
}
