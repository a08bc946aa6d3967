using JusticePlatform.BuildingBlocks.Imports;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

/// <summary>An import whose checking pass outlives its lease, on the services' fake clock; a platform of its own, since the pass moves the clock.</summary>
public sealed class ImportLeaseTests(ImportLeaseTests.Platform platform) : IClassFixture<ImportLeaseTests.Platform>
{
    private readonly TestPlatform _platform = platform.Platform;
    private FakeTimeProvider Clock => (FakeTimeProvider)_platform.Clock;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new()
        {
            Activities = false,
            Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero)),
            BeneficiariesServices = services => services.AddSingleton<IImportHandler, SlowCheckHandler>(),
        };
    }

    [Fact]
    public async Task A_checking_pass_longer_than_the_lease_keeps_the_lease()
    {
        var (id, token) = await RunningImports.InsertAsync(_platform, Clock, string.Join('\n', Enumerable.Range(1, SlowCheckHandler.Rows)), SlowCheckHandler.Kind, ImportOptions.ValidateOnly);
        var runner = _platform.Beneficiaries.Services.GetRequiredService<ImportRunner>();
        var handler = _platform.Beneficiaries.Services.GetServices<IImportHandler>().OfType<SlowCheckHandler>().Single();

        await runner.RunAsync(id, token, CancellationToken.None);

        Assert.False(handler.TakenOver, "another worker took the job over while its rows were being checked");
        var job = await RunningImports.JobAsync(_platform, id);
        Assert.Equal((ImportStatus.Completed, SlowCheckHandler.Rows), (job.Status, job.TotalRows));
    }

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
