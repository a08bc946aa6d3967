using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Imports;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

/// <summary>Uploads that go wrong: two workers on one job, rows the database refuses, a partner who cancels, a file of garbage.</summary>
public sealed class ImportJobTests(ImportJobTests.Platform platform) : IClassFixture<ImportJobTests.Platform>
{
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Activities = false };
    }

    [Fact]
    public async Task Two_workers_on_one_job_commit_each_row_once()
    {
        const int rows = 5_000;
        var (id, firstToken) = await InsertRunningJobAsync(Uploads.Csv(rows));
        var runner = _platform.Beneficiaries.Services.GetRequiredService<ImportRunner>();

        var first = Task.Run(() => runner.RunAsync(id, firstToken, CancellationToken.None));
        await Eventually.TrueAsync(async () => (await JobAsync(id)).ProcessedRows > 0 || first.IsCompleted,
            TimeSpan.FromSeconds(60), "the first worker's first chunk");
        // A second worker takes the job over, as after a lapsed lease, while the first is still running.
        var secondToken = Guid.NewGuid();
        await _platform.BeneficiariesDb(db => db.Imports.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseToken, secondToken)));
        var second = Task.Run(() => runner.RunAsync(id, secondToken, CancellationToken.None));
        await Task.WhenAll(first, second);

        var job = await JobAsync(id);
        Assert.Equal((ImportStatus.Completed, rows), (job.Status, job.Created));
        var perPerson = await _platform.BeneficiariesDb(db => db.Beneficiaries.Where(b => b.ImportId == id)
            .GroupBy(b => b.GivenName).Select(g => g.Count()).ToListAsync());
        Assert.Equal(rows, perPerson.Count);
        Assert.All(perPerson, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task An_import_with_a_NUL_in_a_name_completes_with_that_row_rejected()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        var csv = Uploads.Csv(3).Replace("Prénom2,", "Pré\u0000nom2,");

        var accepted = await amss.UploadAsync(csv, key: null);
        var import = await amss.CompletedAsync(accepted.Headers.Location!, TimeSpan.FromSeconds(60));

        Assert.Equal("completed", import.GetProperty("status").GetString());
        var summary = import.GetProperty("summary");
        Assert.Equal((2, 1), (summary.GetProperty("stats").GetProperty("created").GetInt32(), summary.GetProperty("stats").GetProperty("ignored").GetInt32()));
        Assert.Equal(2, Assert.Single(summary.GetProperty("errors").EnumerateArray()).GetProperty("row").GetInt32());
    }

    [Fact]
    public async Task A_chunk_with_a_row_the_database_refuses_writes_each_other_row_once_with_one_event()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        await RefuseOneNameAsync();
        var csv = Uploads.Csv(1_500).Replace("Prénom1200,", "Refusé,");

        var accepted = await amss.UploadAsync(csv, key: null);
        var import = await amss.CompletedAsync(accepted.Headers.Location!, TimeSpan.FromSeconds(120));

        var summary = import.GetProperty("summary");
        Assert.Equal((1_499, 1), (summary.GetProperty("stats").GetProperty("created").GetInt32(), summary.GetProperty("stats").GetProperty("ignored").GetInt32()));
        var error = Assert.Single(summary.GetProperty("errors").EnumerateArray());
        Assert.Equal((1_200, "rejected_by_database"), (error.GetProperty("row").GetInt32(), error.GetProperty("code").GetString()));
        var id = Guid.Parse(accepted.Headers.Location!.ToString().Split('/')[^1]);
        var written = await _platform.BeneficiariesDb(db => db.Beneficiaries.Where(b => b.ImportId == id).Select(b => new { b.Id, b.GivenName, b.PartnerId }).ToListAsync());
        Assert.Equal(1_499, written.Select(b => b.GivenName).Distinct().Count());
        Assert.DoesNotContain(written, b => b.GivenName == "Refusé");
        Assert.All(written, b => Assert.Equal("amss", b.PartnerId));
        var ids = written.Select(b => b.Id.ToString()).ToHashSet();
        var events = await _platform.BeneficiariesDb(db => db.OutboxMessages.Select(m => m.Body).ToListAsync());
        var perRecord = events.Select(body => JsonDocument.Parse(body).RootElement.GetProperty("beneficiaryId").GetString()!).Where(ids.Contains)
            .GroupBy(x => x).Select(g => g.Count()).ToList();
        Assert.Equal(1_499, perRecord.Count);
        Assert.All(perRecord, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task Rows_the_database_refuses_together_and_apart_in_one_chunk_are_each_rejected_and_the_rest_written()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        await RefuseOneNameAsync();
        int[] refused = [10, 11, 250];
        var csv = refused.Aggregate(Uploads.Csv(300), (file, row) => file.Replace($"Prénom{row},", "Refusé,"));

        var accepted = await amss.UploadAsync(csv, key: null);
        var import = await amss.CompletedAsync(accepted.Headers.Location!, TimeSpan.FromSeconds(120));

        var summary = import.GetProperty("summary");
        Assert.Equal((297, 3), (summary.GetProperty("stats").GetProperty("created").GetInt32(), summary.GetProperty("stats").GetProperty("ignored").GetInt32()));
        Assert.Equal(refused, summary.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("row").GetInt32()).Order());
        var id = Guid.Parse(accepted.Headers.Location!.ToString().Split('/')[^1]);
        Assert.Equal(297, await _platform.BeneficiariesDb(db => db.Beneficiaries.Where(b => b.ImportId == id).Select(b => b.GivenName).Distinct().CountAsync()));
    }

    [Fact]
    public async Task A_database_fault_not_about_a_row_fails_the_import_keeping_its_file_and_a_retry_after_the_fix_writes_each_row_once()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        // The platform's fault, not the file's: the table the rows go to is missing (in this test's own database).
        await _platform.BeneficiariesDb(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE beneficiaries RENAME TO beneficiaries_away"));
        JsonElement failed;
        Uri location;
        try
        {
            var accepted = await amss.UploadAsync(Uploads.Csv(1_500), key: null);
            location = accepted.Headers.Location!;
            failed = await amss.CompletedAsync(location, TimeSpan.FromSeconds(60));
        }
        finally
        {
            await _platform.BeneficiariesDb(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE beneficiaries_away RENAME TO beneficiaries"));
        }

        var id = Guid.Parse(location.ToString().Split('/')[^1]);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var counts = failed.GetProperty("summary").GetProperty("errorCounts");
        Assert.Equal(["database_unavailable"], counts.EnumerateObject().Select(c => c.Name));
        Assert.Equal(0, failed.GetProperty("summary").GetProperty("stats").GetProperty("ignored").GetInt32());
        Assert.NotEmpty((await JobAsync(id)).Payload);

        var retried = await amss.PostAsync(location + "/retry", null);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var import = await amss.CompletedAsync(location, TimeSpan.FromSeconds(90));
        Assert.Equal("completed", import.GetProperty("status").GetString());
        Assert.Equal((1_500, 0), (import.GetProperty("summary").GetProperty("stats").GetProperty("created").GetInt32(),
            import.GetProperty("summary").GetProperty("stats").GetProperty("ignored").GetInt32()));
        var perPerson = await _platform.BeneficiariesDb(db => db.Beneficiaries.Where(b => b.ImportId == id)
            .GroupBy(b => b.GivenName).Select(g => g.Count()).ToListAsync());
        Assert.Equal(1_500, perPerson.Count);
        Assert.All(perPerson, count => Assert.Equal(1, count));
        Assert.Empty((await JobAsync(id)).Payload);
        Assert.Equal(HttpStatusCode.Conflict, (await amss.PostAsync(location + "/retry", null)).StatusCode);
    }

    [Fact]
    public async Task Cancelling_stops_a_running_import_and_nothing_more_is_committed()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        var accepted = await amss.UploadAsync(Uploads.Csv(40_000), key: null);
        var location = accepted.Headers.Location!;
        await Eventually.TrueAsync(async () => (await amss.GetFromJsonAsync<JsonElement>(location)).GetProperty("progress").GetProperty("processedRows").GetInt32() > 0,
            TimeSpan.FromSeconds(120), "the import to commit its first chunk");

        var cancelled = await amss.PostAsync(location + "/cancellation", null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        // The worker runs one upload at a time: once a later upload is done, the cancelled one has stopped.
        var later = await amss.UploadAsync(Uploads.Csv(1), key: null);
        await amss.CompletedAsync(later.Headers.Location!, TimeSpan.FromSeconds(120));
        var id = Guid.Parse(location.ToString().Split('/')[^1]);
        var job = await JobAsync(id);
        Assert.Equal(ImportStatus.Cancelled, job.Status);
        Assert.Empty(job.Payload);
        var written = await _platform.BeneficiariesDb(db => db.Beneficiaries.CountAsync(b => b.ImportId == id));
        Assert.Equal(job.ProcessedRows, written);
        Assert.True(written < 40_000, $"{written} rows were written after cancelling");
        Assert.Equal(HttpStatusCode.Conflict, (await amss.PostAsync(location + "/cancellation", null)).StatusCode);
    }

    [Fact]
    public async Task A_file_of_garbage_stops_early_keeps_a_bounded_error_list_and_pages_it()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        var garbage = new StringBuilder(Uploads.Header).Append('\n');
        for (var row = 0; row < 5_000; row++)
        {
            garbage.Append("x,y,zz,not-a-date,nomad,ML000000,,,maybe,never\n");
        }

        var accepted = await amss.UploadAsync(garbage.ToString(), key: null);
        await amss.CompletedAsync(accepted.Headers.Location!, TimeSpan.FromSeconds(60));
        var page = await amss.GetFromJsonAsync<JsonElement>(accepted.Headers.Location + "?errorsPage=2&errorsPageSize=10");

        Assert.Equal("failed", page.GetProperty("status").GetString());
        var summary = page.GetProperty("summary");
        Assert.Equal(ImportJob.MaxStoredErrors, summary.GetProperty("errorsStored").GetInt32());
        Assert.Equal(10, summary.GetProperty("errors").GetArrayLength());
        Assert.True(summary.GetProperty("errors")[0].GetProperty("row").GetInt32() > 1);
        Assert.True(summary.GetProperty("errorCounts").EnumerateObject().Sum(c => c.Value.GetInt32()) >= ImportJob.MaxStoredErrors);
        Assert.True(summary.GetProperty("stats").GetProperty("ignored").GetInt32() < 5_000, "the import went through the whole file");
        Assert.Empty((await JobAsync(Guid.Parse(accepted.Headers.Location!.ToString().Split('/')[^1]))).Payload);
    }

    [Fact]
    public async Task The_uploaded_file_is_deleted_when_the_import_completes()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        var accepted = await amss.UploadAsync(Uploads.Csv(20, bad: 7), key: null);
        var id = Guid.Parse(accepted.Headers.Location!.ToString().Split('/')[^1]);

        var import = await amss.CompletedAsync(accepted.Headers.Location!, TimeSpan.FromSeconds(60));

        Assert.Equal("completed", import.GetProperty("status").GetString());
        Assert.Empty((await JobAsync(id)).Payload);
    }

    [Fact]
    public async Task A_status_poll_of_a_running_import_answers_its_progress_only()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        var (id, _) = await InsertRunningJobAsync(Uploads.Csv(50));

        var poll = await amss.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaries/imports/{id}");

        Assert.Equal(["atomicMode", "createdAt", "finishedAt", "id", "importMode", "importStrategy", "kind", "progress", "status", "summary"],
            poll.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(("running", JsonValueKind.Null), (poll.GetProperty("status").GetString(), poll.GetProperty("summary").ValueKind));
        Assert.Equal(0, poll.GetProperty("progress").GetProperty("processedRows").GetInt32());
    }

    [Fact]
    public async Task An_upload_kept_longer_than_its_time_is_failed_and_its_file_dropped()
    {
        // Held by a worker that never finishes, since two days: longer than Imports:KeepFor (one day).
        var (id, _) = await InsertRunningJobAsync(Uploads.Csv(10), createdAt: _platform.Clock.GetUtcNow().AddDays(-2));
        _platform.Beneficiaries.Services.GetRequiredService<ImportSignal>().Notify();

        var job = await Eventually.ReturnsAsync(() => JobAsync(id), j => j.Status != ImportStatus.Running, TimeSpan.FromSeconds(30), "the sweeper to end the upload");

        Assert.Equal(ImportStatus.Failed, job.Status);
        Assert.Empty(job.Payload);
        Assert.NotNull(job.FinishedAt);
    }

    [Fact]
    public async Task A_JSON_batch_is_read_element_by_element_and_a_bad_row_is_rejected_alone()
    {
        using var amss = await _platform.BeneficiariesClientAsync("amss");
        var people = Enumerable.Range(1, 2_500).Select(i => Samples.Person(givenName: $"Mariam{i}", familyName: "Json", sex: i == 1_234 ? "unknown-sex" : "female")).ToList();
        var body = JsonSerializer.Serialize(new { note = new { source = "kobo", tags = new[] { "a", "b" } }, beneficiaries = people });

        var accepted = await amss.PostAsync("/api/v1/beneficiaries/imports", new StringContent(body, Encoding.UTF8, "application/json"));
        var import = await amss.CompletedAsync(accepted.Headers.Location!, TimeSpan.FromSeconds(90));

        var summary = import.GetProperty("summary");
        Assert.Equal((2_499, 1), (summary.GetProperty("stats").GetProperty("created").GetInt32(), summary.GetProperty("stats").GetProperty("ignored").GetInt32()));
        var error = Assert.Single(summary.GetProperty("errors").EnumerateArray());
        Assert.Equal((1_234, "sex"), (error.GetProperty("row").GetInt32(), error.GetProperty("field").GetString()));
    }

    private async Task<(Guid Id, Guid Token)> InsertRunningJobAsync(string csv, DateTimeOffset? createdAt = null)
    {
        var id = Guid.CreateVersion7();
        var token = Guid.NewGuid();
        await _platform.BeneficiariesDb(db =>
        {
            db.Imports.Add(new ImportJob
            {
                Id = id, PartnerId = "amss", Kind = "beneficiaries", Status = ImportStatus.Running, Format = "csv",
                ImportStrategy = ImportOptions.CreateAndUpdate, ImportMode = ImportOptions.Commit, AtomicMode = ImportOptions.PerObject,
                Payload = Encoding.UTF8.GetBytes(csv), CreatedAt = createdAt ?? _platform.Clock.GetUtcNow(), StartedAt = _platform.Clock.GetUtcNow(),
                // Held by a worker for the next hour: the service's own worker leaves it alone.
                LeaseUntil = _platform.Clock.GetUtcNow().AddHours(1), LeaseToken = token, Attempts = 1,
            });
            return db.SaveChangesAsync();
        });
        return (id, token);
    }

    private Task<ImportJob> JobAsync(Guid id) => _platform.BeneficiariesDb(db => db.Imports.AsNoTracking().SingleAsync(i => i.Id == id));

    /// <summary>A value that passes every check of the service and that the database refuses (a constraint of this test class's own database).</summary>
    private Task RefuseOneNameAsync() => _platform.BeneficiariesDb(db => db.Database.ExecuteSqlRawAsync(
        "ALTER TABLE beneficiaries DROP CONSTRAINT IF EXISTS refuses_one_name; " +
        "ALTER TABLE beneficiaries ADD CONSTRAINT refuses_one_name CHECK (\"GivenName\" IS NULL OR \"GivenName\" <> 'Refusé') NOT VALID"));
}
