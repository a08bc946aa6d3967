using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

/// <summary>One platform for the class; each test uploads as a partner of its own and counts that partner's rows.</summary>
public sealed class BulkUploadTests(BulkUploadTests.Platform platform) : IClassFixture<BulkUploadTests.Platform>, IAsyncLifetime
{
    private readonly TestPlatform _platform = platform.Platform;
    private readonly string _partner = "bulk-" + Guid.NewGuid().ToString("N")[..8];
    private HttpClient _amss = null!;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Activities = false };
    }

    public async Task InitializeAsync() => _amss = await _platform.PartnerAsync(_partner);

    public Task DisposeAsync()
    {
        _amss.Dispose();
        return Task.CompletedTask;
    }

    private Task<int> StoredAsync() => _platform.BeneficiariesDb(db => db.Beneficiaries.CountAsync(b => b.PartnerId == _partner));

    [Fact]
    public async Task Ten_thousand_rows_with_three_bad_ones_import_all_but_those_three_and_a_retry_with_the_same_key_imports_nothing_again()
    {
        var csv = Uploads.Csv(10_000, bad: [17, 5_000, 9_999]);

        var accepted = await _amss.UploadAsync(csv, key: "kobo-export-2026-11-20");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var import = await _amss.CompletedAsync(accepted.Headers.Location!, TimeSpan.FromMinutes(3));

        var summary = import.GetProperty("summary");
        Assert.Equal("WARNING", summary.GetProperty("status").GetString());
        var stats = summary.GetProperty("stats");
        Assert.Equal((9_997, 0, 3, 10_000), (stats.GetProperty("created").GetInt32(), stats.GetProperty("updated").GetInt32(), stats.GetProperty("ignored").GetInt32(), stats.GetProperty("total").GetInt32()));
        var errors = summary.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([(17, "communePcode"), (5_000, "birthDate"), (9_999, "sex")], errors);
        Assert.Equal(9_997, await StoredAsync());

        var retried = await _amss.UploadAsync(csv, key: "kobo-export-2026-11-20");

        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(accepted.Headers.Location, retried.Headers.Location);
        Assert.Equal(1, await _platform.BeneficiariesDb(db => db.Imports.CountAsync(i => i.PartnerId == _partner)));
        Assert.Equal(9_997, await StoredAsync());
        Assert.Equal(9_997, await _platform.BeneficiariesDb(db => db.OutboxMessages.CountAsync(m => m.Body.Contains($"\"partnerId\":\"{_partner}\""))));
    }

    [Fact]
    public async Task The_same_key_with_another_file_is_refused()
    {
        var first = await _amss.UploadAsync(Uploads.Csv(3), key: "key-1");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        var other = await _amss.UploadAsync(Uploads.Csv(4), key: "key-1");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
    }

    [Fact]
    public async Task A_JSON_batch_creates_and_updates_and_names_the_bad_rows()
    {
        var existing = await _amss.RegisterAsync(Samples.Person("Awa", "Cissé"));
        var batch = JsonSerializer.Serialize(new object[]
        {
            Samples.Person("Binta", "Sow"),
            new { id = existing.GetProperty("id").GetGuid(), givenName = "Awa", familyName = "Cissé", sex = "female", birthDate = "1994-03-12", displacementStatus = "returnee", communePcode = "ML060201", consent = new { given = true } },
            new { givenName = "Bad", familyName = "Date", sex = "female", birthDate = "not-a-date", displacementStatus = "idp", communePcode = "ML060201", consent = new { given = true } },
        });

        var accepted = await _amss.PostAsync("/api/v1/beneficiaries/imports", Gateway.Json(batch));
        var import = await _amss.CompletedAsync(accepted.Headers.Location!, TimeSpan.FromSeconds(60));

        var stats = import.GetProperty("summary").GetProperty("stats");
        Assert.Equal((1, 1, 1), (stats.GetProperty("created").GetInt32(), stats.GetProperty("updated").GetInt32(), stats.GetProperty("ignored").GetInt32()));
        var error = Assert.Single(import.GetProperty("summary").GetProperty("errors").EnumerateArray());
        Assert.Equal((3, "birthDate"), (error.GetProperty("row").GetInt32(), error.GetProperty("field").GetString()));
        var updated = await _amss.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaries/{existing.GetProperty("id")}");
        Assert.Equal("returnee", updated.GetProperty("displacementStatus").GetString());
    }

    [Fact]
    public async Task A_record_written_in_bulk_reads_back_as_the_same_record_registered_alone()
    {
        object[] bodies =
        [
            new
            {
                kind = "household", groupName = "Famille Touré", displacementStatus = "idp", communePcode = "ML060201", vulnerabilities = new[] { "woman_head_of_household" },
                members = new { femaleChildren = 2, maleChildren = 1, femaleAdults = 1, maleAdults = 0 }, consent = new { given = true, date = "2026-10-01" },
            },
            new
            {
                givenName = "Fanta", familyName = "Keïta", sex = "female", birthDate = "1988-05-04", displacementStatus = "returnee", communePcode = "ML060502",
                phone = "+223 76 11 22 33", vulnerabilities = new[] { "woman", "youth" }, roles = new[] { "community_leader" },
                disability = new { seeing = 1, hearing = 3, walking = 1, cognition = 1, selfCare = 1, communication = 1 },
                consent = new { given = true, date = "2026-10-01", scope = new[] { "registration", "follow_up_contact" } },
            },
        ];
        var alone = new List<JsonElement>();
        foreach (var body in bodies)
        {
            alone.Add(await _amss.RegisterAsync(body));
        }

        var accepted = await _amss.PostAsync("/api/v1/beneficiaries/imports", Gateway.Json(JsonSerializer.Serialize(bodies)));
        var import = await _amss.CompletedAsync(accepted.Headers.Location!, TimeSpan.FromSeconds(60));
        Assert.Equal(2, import.GetProperty("summary").GetProperty("stats").GetProperty("created").GetInt32());

        var importId = Guid.Parse(accepted.Headers.Location!.ToString().Split('/')[^1]);
        var bulkIds = await _platform.BeneficiariesDb(db => db.Beneficiaries.Where(b => b.ImportId == importId).OrderBy(b => b.GroupName == null).Select(b => b.Id).ToListAsync());
        Assert.Equal(2, bulkIds.Count);
        for (var i = 0; i < bodies.Length; i++)
        {
            var single = await _amss.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaries/{alone[i].GetProperty("id")}");
            var bulk = await _amss.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaries/{bulkIds[i]}");
            Assert.Equal(Comparable(single), Comparable(bulk));
        }

        // Each record written in bulk has its one event, stamped with its owner.
        var events = await _platform.BeneficiariesDb(db => db.OutboxMessages.Where(m => bulkIds.Any(id => m.Body.Contains(id.ToString()))).Select(m => m.Body).ToListAsync());
        Assert.Equal(2, events.Count);
        Assert.All(events, body => Assert.Contains($"\"partnerId\":\"{_partner}\"", body));

        static string Comparable(JsonElement record) => JsonSerializer.Serialize(record.EnumerateObject()
            .Where(p => p.Name is not ("id" or "code" or "registeredAt" or "updatedAt" or "possibleDuplicates" or "duplicates"))
            .ToDictionary(p => p.Name, p => p.Value));
    }

    [Fact]
    public async Task Validate_mode_and_atomic_mode_all_write_nothing()
    {
        var dryRun = await _amss.UploadAsync(Uploads.Csv(20), key: null, query: "?importMode=VALIDATE");
        var atomic = await _amss.UploadAsync(Uploads.Csv(20, bad: [5]), key: null, query: "?atomicMode=ALL");

        await _amss.CompletedAsync(dryRun.Headers.Location!, TimeSpan.FromSeconds(60));
        var atomicResult = await _amss.CompletedAsync(atomic.Headers.Location!, TimeSpan.FromSeconds(60));

        Assert.Equal(1, atomicResult.GetProperty("summary").GetProperty("stats").GetProperty("ignored").GetInt32());
        Assert.Equal(0, await StoredAsync());
    }

    [Fact]
    public async Task The_uploaded_file_is_not_kept_once_processed()
    {
        var accepted = await _amss.UploadAsync(Uploads.Csv(5), key: null);
        await _amss.CompletedAsync(accepted.Headers.Location!, TimeSpan.FromSeconds(60));

        Assert.Equal(0, await _platform.BeneficiariesDb(db => db.Imports.Where(i => i.PartnerId == _partner).Select(i => i.Payload.Length).SingleAsync()));
    }
}
