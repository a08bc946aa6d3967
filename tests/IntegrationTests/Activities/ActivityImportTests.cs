using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JusticePlatform.Activities.Projections.Beneficiaries;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Activities;

/// <summary>Large activity and attendance uploads, read row by row from the stored file, with one bad row each.</summary>
public sealed class ActivityImportTests(ActivityImportTests.Platform platform) : IClassFixture<ActivityImportTests.Platform>
{
    private const string Header = "programId,title,type,communePcode,plannedStart,plannedEnd,plannedCostAmount,plannedCostCurrency,plannedCostValueDate\n";
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new();
    }

    [Fact]
    public async Task A_JSON_attendance_batch_of_2500_rows_is_read_element_by_element_and_a_bad_row_is_rejected_alone()
    {
        using var client = await ClientAsync("amss-attendance-json");
        var program = await CreateProgramAsync(client, "ATT-JSON");
        var activity = await CreateActivityAsync(client, program);
        var people = await KnownAsync("amss-attendance-json", 2_500);
        var rows = people.Select((id, i) => i == 1_233
            ? new { activityId = activity.ToString(), beneficiaryId = "not-an-id" }
            : new { activityId = activity.ToString(), beneficiaryId = id.ToString() });
        var body = JsonSerializer.Serialize(rows);

        var import = await UploadAsync(client, "/api/v1/activities/attendance/imports", new StringContent(body, Encoding.UTF8, "application/json"));

        var summary = import.GetProperty("summary");
        Assert.Equal(("completed", 2_499, 1, 2_500), (import.GetProperty("status").GetString(), summary.GetProperty("stats").GetProperty("created").GetInt32(),
            summary.GetProperty("stats").GetProperty("ignored").GetInt32(), summary.GetProperty("stats").GetProperty("total").GetInt32()));
        var error = Assert.Single(summary.GetProperty("errors").EnumerateArray());
        Assert.Equal((1_234, "beneficiaryId", "invalid_value"), (error.GetProperty("row").GetInt32(), error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal(2_499, await _platform.ActivitiesDb(db => db.Attendance.CountAsync(a => a.ActivityId == activity)));
    }

    [Fact]
    public async Task A_CSV_of_1500_activities_is_read_row_by_row_and_a_bad_row_is_rejected_alone()
    {
        using var client = await ClientAsync("amss-activities-csv");
        var program = await CreateProgramAsync(client, "ACT-CSV");
        var csv = new StringBuilder(Header);
        for (var row = 1; row <= 1_500; row++)
        {
            var type = row == 777 ? "picnic" : "training";
            csv.Append($"{program},\"Formation des relais, session {row}\",{type},ML06020{1 + row % 3},2026-10-01,2026-10-03,{1000 + row},XOF,2026-10-01\n");
        }

        var import = await UploadAsync(client, "/api/v1/activities/imports", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));

        var summary = import.GetProperty("summary");
        Assert.Equal(("completed", 1_499, 1, 1_500), (import.GetProperty("status").GetString(), summary.GetProperty("stats").GetProperty("created").GetInt32(),
            summary.GetProperty("stats").GetProperty("ignored").GetInt32(), summary.GetProperty("stats").GetProperty("total").GetInt32()));
        var error = Assert.Single(summary.GetProperty("errors").EnumerateArray());
        Assert.Equal((777, "type", "invalid_value"), (error.GetProperty("row").GetInt32(), error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        var created = await _platform.ActivitiesDb(db => db.FieldActivities.AsNoTracking().Where(a => a.ProgramId == program).Select(a => new { a.Title, a.PlannedCost }).ToListAsync());
        Assert.Equal(1_499, created.Count);
        Assert.DoesNotContain(created, a => a.Title == "Formation des relais, session 777");
        Assert.Equal(2_500m, created.Single(a => a.Title == "Formation des relais, session 1500").PlannedCost!.Amount);
    }

    [Fact]
    public async Task A_JSON_batch_cut_short_fails_as_unreadable()
    {
        using var client = await ClientAsync("amss-attendance-cut");
        var activity = await CreateActivityAsync(client, await CreateProgramAsync(client, "ATT-CUT"));
        var body = $$"""[{"activityId":"{{activity}}","beneficiaryId":"{{Guid.NewGuid()}}"},{"activityId":""";

        var import = await UploadAsync(client, "/api/v1/activities/attendance/imports", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal("failed", import.GetProperty("status").GetString());
        var error = Assert.Single(import.GetProperty("summary").GetProperty("errors").EnumerateArray());
        Assert.Equal(("file", "unreadable"), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal(0, await _platform.ActivitiesDb(db => db.Attendance.CountAsync(a => a.ActivityId == activity)));
    }

    private Task<HttpClient> ClientAsync(string partner) =>
        _platform.ClientAsync(_platform.Activities!, partner, Scopes.ActivitiesRead, Scopes.ActivitiesWrite);

    private static async Task<Guid> CreateProgramAsync(HttpClient client, string code) =>
        await CreatedAsync(await client.PostAsJsonAsync("/api/v1/activities/programs", new
        {
            code, titleFr = "Accès à la justice", titleEn = "Access to justice", members = Array.Empty<object>(),
            funderIds = new[] { "XM-DAC-41146" }, sectorCodes = new[] { "15130" }, communePcodes = new[] { "ML0602" },
            startDate = "2026-01-01", endDate = "2027-12-31",
        }));

    private static async Task<Guid> CreateActivityAsync(HttpClient client, Guid program) =>
        await CreatedAsync(await client.PostAsJsonAsync("/api/v1/activities", new
        {
            programId = program, title = "Formation des relais", type = "training", communePcode = "ML060201", plannedStart = "2026-10-01", plannedEnd = "2026-10-03",
        }));

    private static async Task<Guid> CreatedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>People the partner registered, as Activities' projection holds them once their events arrived.</summary>
    private async Task<List<Guid>> KnownAsync(string partner, int count)
    {
        var people = Enumerable.Range(0, count).Select(i => new KnownBeneficiary
        {
            Id = Guid.CreateVersion7(), PartnerId = partner, Kind = "individual", Sex = i % 2 == 0 ? "female" : "male", BirthYear = 1960 + i % 50,
            DisplacementStatus = "idp", CommunePcode = "ML060201", RegisteredAt = _platform.Clock.GetUtcNow(),
        }).ToList();
        await _platform.ActivitiesDb(db =>
        {
            db.KnownBeneficiaries.AddRange(people);
            return db.SaveChangesAsync();
        });
        return people.Select(p => p.Id).ToList();
    }

    private static async Task<JsonElement> UploadAsync(HttpClient client, string url, HttpContent content)
    {
        var accepted = await client.PostAsync(url, content);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        return await Eventually.ReturnsAsync(() => client.GetFromJsonAsync<JsonElement>(accepted.Headers.Location),
            i => i.GetProperty("status").GetString() is "completed" or "failed", TimeSpan.FromSeconds(90), "the import to finish");
    }
}
