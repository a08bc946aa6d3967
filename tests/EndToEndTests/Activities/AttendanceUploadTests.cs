using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JusticePlatform.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace JusticePlatform.EndToEndTests.Activities;

/// <summary>Field offices report attendance by spreadsheet: the shared import block with the attendance rules.</summary>
public sealed class AttendanceUploadTests(AttendanceUploadTests.Platform fixture) : IClassFixture<AttendanceUploadTests.Platform>
{
    private const string Uploads = "/api/v1/activities/attendance/imports";
    private readonly TestPlatform _platform = fixture.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero)) };
    }

    [Fact]
    public async Task An_attendance_sheet_records_known_people_once_and_names_every_refused_row()
    {
        using var lead = await _platform.MemberAsync("amss-sheet");
        using var stranger = await _platform.MemberAsync("stranger-sheet");
        var program = await lead.CreateProgramAsync("SHEET", [], ["ML060201"]);
        var (activity, _) = await lead.CreateActivityAsync(program, "ML060201");
        var awa = await lead.RegisterKnownAsync(Samples.Person(givenName: "Awa"));
        var binta = await lead.RegisterKnownAsync(Samples.Person(givenName: "Binta"));
        var notMine = await stranger.RegisterKnownAsync(Samples.Person(givenName: "Hawa"));
        var csv = new StringBuilder("activityId,beneficiaryId\n")
            .Append($"{activity},{awa}\n")
            .Append($"{activity},{binta}\n")
            .Append($"{activity},{awa}\n")                  // the same person twice
            .Append($"{activity},{notMine}\n")              // another partner's beneficiary
            .Append($"{Guid.NewGuid()},{awa}\n")            // an activity that is not the partner's
            .Append($"{activity},not-an-id\n");

        var accepted = await lead.PostAsync(Uploads, new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var import = await Eventually.ReturnsAsync(() => lead.GetFromJsonAsync<JsonElement>(accepted.Headers.Location),
            i => i.GetProperty("status").GetString() is "completed" or "failed", TimeSpan.FromSeconds(60), "the attendance import");

        var summary = import.GetProperty("summary");
        Assert.Equal((2, 4, 6), (summary.GetProperty("stats").GetProperty("created").GetInt32(),
            summary.GetProperty("stats").GetProperty("ignored").GetInt32(), summary.GetProperty("stats").GetProperty("total").GetInt32()));
        var errors = summary.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("code").GetString())).ToList();
        Assert.Equal([(3, "already_recorded"), (4, "unknown_beneficiary"), (5, "not_found"), (6, "invalid_value")], errors);
        var attendance = await (await lead.GetAsync($"{ActivitiesClient.Activities}/{activity}/attendance")).JsonAsync();
        Assert.Equal(2, attendance.GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task Another_partners_attendance_import_answers_404()
    {
        using var owner = await _platform.MemberAsync("amss-owner");
        using var stranger = await _platform.MemberAsync("stranger-reader");
        var accepted = await owner.PostAsync(Uploads, new StringContent($"activityId,beneficiaryId\n{Guid.NewGuid()},{Guid.NewGuid()}\n", Encoding.UTF8, "text/csv"));

        var read = await stranger.GetAsync(accepted.Headers.Location);
        var cancel = await stranger.PostAsync(accepted.Headers.Location + "/cancellation", null);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (read.StatusCode, cancel.StatusCode));
    }
}
