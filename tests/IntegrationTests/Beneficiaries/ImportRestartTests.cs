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
            BeneficiariesServices = services => services.AddSingleton<IImportHandler, SlowCheckHandler>(),
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

    [Fact]
    public async Task A_checking_pass_longer_than_the_lease_keeps_the_lease()
    {
        var (id, token) = await InsertRunningJobAsync(string.Join('\n', Enumerable.Range(1, SlowCheckHandler.Rows)), SlowCheckHandler.Kind, ImportOptions.ValidateOnly);
        var runner = _platform.Beneficiaries.Services.GetRequiredService<ImportRunner>();
        var handler = _platform.Beneficiaries.Services.GetServices<IImportHandler>().OfType<SlowCheckHandler>().Single();

        await runner.RunAsync(id, token, CancellationToken.None);

        Assert.False(handler.TakenOver, "another worker took the job over while its rows were being checked");
        var job = await JobAsync(id);
        Assert.Equal((ImportStatus.Completed, SlowCheckHandler.Rows), (job.Status, job.TotalRows));
    }

    private async Task<(Guid Id, Guid Token)> InsertRunningJobAsync(string payload, string kind = "beneficiaries", string mode = ImportOptions.Commit)
    {
        var id = Guid.CreateVersion7();
        var token = Guid.NewGuid();
        await _platform.BeneficiariesDb(db =>
        {
            db.Imports.Add(new ImportJob
            {
                Id = id, PartnerId = "amss", Kind = kind, Status = ImportStatus.Running, Format = "csv",
                ImportStrategy = ImportOptions.CreateAndUpdate, ImportMode = mode, AtomicMode = ImportOptions.PerObject,
                Payload = Encoding.UTF8.GetBytes(payload), CreatedAt = Clock.GetUtcNow(), StartedAt = Clock.GetUtcNow(),
                LeaseUntil = Clock.GetUtcNow() + ImportRunner.Lease, LeaseToken = token, Attempts = 1,
            });
            return db.SaveChangesAsync();
        });
        return (id, token);
    }

    private Task<ImportJob> JobAsync(Guid id) => _platform.BeneficiariesDb(db => db.Imports.AsNoTracking().SingleAsync(i => i.Id == id));

    /// <summary>
    /// Rows that each take a minute of the fake clock to read, so that checking them lasts four
    /// leases; midway another worker tries to take the job, as it would once the lease lapsed.
    /// </summary>
    private sealed class SlowCheckHandler(TimeProvider clock, IServiceProvider services) : IImportHandler
    {
        public const string Kind = "slow-check";
        public const int Rows = 20;

        public bool TakenOver { get; private set; }

        string IImportHandler.Kind => Kind;

        public IEnumerable<IImportRow> ReadRows(string format, Stream payload)
        {
            for (var row = 1; row <= Rows; row++)
            {
                ((FakeTimeProvider)clock).Advance(TimeSpan.FromMinutes(1));
                if (row == Rows - 5)
                {
                    TakenOver = services.GetRequiredService<ImportWorker>().ClaimNextAsync(CancellationToken.None).GetAwaiter().GetResult() is not null;
                }

                yield return new CheckedRow(row);
            }
        }

        public IReadOnlyList<ImportError> Check(IImportRow row, ImportOptions options, DateOnly today) => [];

        public Task<ChunkResult> WriteAsync(ServiceDbContext db, ImportJob job, IReadOnlyList<IImportRow> chunk, DateTimeOffset now, CancellationToken cancellationToken) =>
            Task.FromResult(new ChunkResult(0, 0, 0, []));

        private sealed record CheckedRow(int Row) : IImportRow
        {
            public ImportError? Error => null;
        }
    }
}
