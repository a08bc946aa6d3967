using JusticePlatform.BuildingBlocks.Background;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JusticePlatform.BuildingBlocks.Imports;

/// <summary>Wakes the worker when an upload was committed, instead of waiting for its next poll.</summary>
public sealed class ImportSignal : WakeUpSignal;

/// <summary>
/// Runs queued uploads one at a time, and takes over an upload whose worker stopped (its lease
/// ran out). The claim is one conditional UPDATE that hands the job a new fencing token, so two
/// workers never both commit to one upload. An upload taken more than
/// <see cref="MaxAttempts"/> times ends as failed instead of being retried forever.
/// </summary>
public sealed partial class ImportWorker(
    IServiceScopeFactory scopes, ImportRunner runner, ImportSignal signal, TimeProvider clock, IConfiguration configuration, ILogger<ImportWorker> logger)
    : BackgroundService
{
    public const int MaxAttempts = 3;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    // A failed round's upload stays claimed until its lease ends, then is resumed from its last chunk.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        signal.RunRoundsAsync(RoundAsync, PollInterval, e => LogRoundFailed(logger, e), stoppingToken);

    private async Task RoundAsync(CancellationToken stoppingToken)
    {
        await ExpireStaleAsync(stoppingToken);
        while (await ClaimNextAsync(stoppingToken) is { } claim)
        {
            if (claim.Job.Attempts > MaxAttempts)
            {
                await runner.GiveUpAsync(claim.Job, claim.Token, stoppingToken);
                continue;
            }

            await runner.RunAsync(claim.Job.Id, claim.Token, stoppingToken);
        }
    }

    /// <summary>Takes the oldest upload that is queued or whose worker's lease lapsed, under a new fencing token.</summary>
    public async Task<(ImportJob Job, Guid Token)?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<ServiceDbContext>();
        var now = clock.GetUtcNow();
        var candidates = await db.Imports.AsNoTracking()
            .Where(i => i.Status == ImportStatus.Queued || (i.Status == ImportStatus.Running && i.LeaseUntil < now))
            .OrderBy(i => i.CreatedAt).Select(i => i.Id).Take(5).ToListAsync(cancellationToken);
        foreach (var id in candidates)
        {
            var token = Guid.NewGuid();
            var claimed = await db.Imports
                .Where(i => i.Id == id && (i.Status == ImportStatus.Queued || (i.Status == ImportStatus.Running && i.LeaseUntil < now)))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.Status, ImportStatus.Running)
                    .SetProperty(i => i.LeaseUntil, now + ImportRunner.Lease)
                    .SetProperty(i => i.LeaseToken, token)
                    .SetProperty(i => i.Attempts, i => i.Attempts + 1)
                    .SetProperty(i => i.StartedAt, i => i.StartedAt ?? now), cancellationToken);
            if (claimed == 1)
            {
                var job = await db.Imports.AsNoTracking()
                    .Select(i => new ImportJob { Id = i.Id, PartnerId = i.PartnerId, Kind = i.Kind, Attempts = i.Attempts, TotalRows = i.TotalRows })
                    .SingleAsync(i => i.Id == id, cancellationToken);
                return (job, token);
            }
        }

        return null;
    }

    /// <summary>
    /// An upload's file is never kept longer than Imports:KeepFor (a day by default), finished or not:
    /// it holds personal data. That includes the file of an import that failed on a platform fault and was not retried.
    /// </summary>
    private async Task ExpireStaleAsync(CancellationToken cancellationToken)
    {
        var keepFor = configuration.GetValue("Imports:KeepFor", TimeSpan.FromDays(1));
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<ServiceDbContext>();
        var cutoff = clock.GetUtcNow() - keepFor;
        await db.Imports
            .Where(i => i.CreatedAt < cutoff && (i.Status == ImportStatus.Queued || i.Status == ImportStatus.Running
                || (i.Status == ImportStatus.Failed && i.Payload.Length > 0)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, ImportStatus.Failed)
                .SetProperty(i => i.Payload, Array.Empty<byte>())
                .SetProperty(i => i.LeaseToken, (Guid?)null)
                .SetProperty(i => i.FinishedAt, i => i.FinishedAt ?? clock.GetUtcNow()), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An import round failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
