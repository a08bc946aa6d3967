using System.Text;
using JusticePlatform.BuildingBlocks.Imports;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

/// <summary>An import that outlives midnight or its lease, on the services' fake clock.</summary>
public sealed class ImportRestartTests(ImportRestartTests.Platform platform) : IClassFixture<ImportRestartTests.Platform>
{
    private static readonly DateTimeOffset LateEvening = new(2026, 11, 20, 23, 0, 0, TimeSpan.Zero);
    private readonly TestPlatform _platform = platform.Platform;
    private FakeTimeProvider Clock => (FakeTimeProvider)_platform.Clock;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new()
        {
            Activities = false,
            Clock = new FakeTimeProvider(LateEvening),
        };
    }

    [Fact]
    public async Task A_restart_after_midnight_checks_rows_against_the_first_day_and_writes_each_valid_row_once()
    {
        const int rows = 10_000;
        // Rows 10 to 19 were consented "tomorrow": in the future on the day the import started, so refused.
        var tomorrow = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime).AddDays(1).ToString("yyyy-MM-dd");
        var lines = Uploads.Csv(rows).Split('\n');
        for (var row = 10; row < 20; row++)
        {
            lines[row] = lines[row].Replace(",true,2026-10-01", $",true,{tomorrow}");
        }

        var (id, firstToken) = await InsertRunningJobAsync(string.Join('\n', lines));
        var runner = _platform.Beneficiaries.Services.GetRequiredService<ImportRunner>();
        var first = Task.Run(() => runner.RunAsync(id, firstToken, CancellationToken.None));
        await Eventually.TrueAsync(async () => (await JobAsync(id)).ProcessedRows > 0 || first.IsCompleted,
            TimeSpan.FromSeconds(60), "the first day's first chunk", TimeSpan.FromMilliseconds(10));
        // The worker stops (its lease is taken, as after a crash) and another resumes the job after midnight.
        var secondToken = Guid.NewGuid();
        await _platform.BeneficiariesDb(db => db.Imports.Where(i => i.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.LeaseToken, secondToken).SetProperty(i => i.LeaseUntil, Clock.GetUtcNow().AddDays(2))));
        await first;
        Assert.True((await JobAsync(id)).ProcessedRows < rows - 10, "the first worker finished the import before it could be stopped");
        Clock.Advance(TimeSpan.FromHours(2));

        await runner.RunAsync(id, secondToken, CancellationToken.None);

        var job = await JobAsync(id);
        Assert.Equal((ImportStatus.Completed, rows - 10, 10), (job.Status, job.Created, job.Ignored));
        var written = await _platform.BeneficiariesDb(db => db.Beneficiaries.Where(b => b.ImportId == id).Select(b => b.GivenName).ToListAsync());
        Assert.Equal(rows - 10, written.Distinct().Count());
        Assert.Equal(rows - 10, written.Count);
        Assert.DoesNotContain("Prénom15", written);
    }

    private Task<(Guid Id, Guid Token)> InsertRunningJobAsync(string payload) => RunningImports.InsertAsync(_platform, Clock, payload);

    private Task<ImportJob> JobAsync(Guid id) => RunningImports.JobAsync(_platform, id);
}

/// <summary>Import jobs put in the table as a worker that claimed them leaves them, for the tests that run them by hand.</summary>
internal static class RunningImports
{
    public static async Task<(Guid Id, Guid Token)> InsertAsync(TestPlatform platform, TimeProvider clock, string payload, string kind = "beneficiaries", string mode = ImportOptions.Commit)
    {
        var id = Guid.CreateVersion7();
        var token = Guid.NewGuid();
        await platform.BeneficiariesDb(db =>
        {
            db.Imports.Add(new ImportJob
            {
                Id = id, PartnerId = "amss", Kind = kind, Status = ImportStatus.Running, Format = "csv",
                ImportStrategy = ImportOptions.CreateAndUpdate, ImportMode = mode, AtomicMode = ImportOptions.PerObject,
                Payload = Encoding.UTF8.GetBytes(payload), CreatedAt = clock.GetUtcNow(), StartedAt = clock.GetUtcNow(),
                LeaseUntil = clock.GetUtcNow() + ImportRunner.Lease, LeaseToken = token, Attempts = 1,
            });
            return db.SaveChangesAsync();
        });
        return (id, token);
    }

    public static Task<ImportJob> JobAsync(TestPlatform platform, Guid id) => platform.BeneficiariesDb(db => db.Imports.AsNoTracking().SingleAsync(i => i.Id == id));
}
