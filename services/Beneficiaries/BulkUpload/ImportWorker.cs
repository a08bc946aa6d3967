using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.BuildingBlocks.Background;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Beneficiaries.BulkUpload;

/// <summary>Wakes the worker when an upload was committed, instead of waiting for its next poll.</summary>
public sealed class ImportSignal : WakeUpSignal;

/// <summary>
/// Runs queued uploads one at a time, and takes over an upload whose worker stopped (its lease
/// ran out). The claim is one conditional UPDATE, so two instances never run the same upload.
/// </summary>
public sealed class ImportWorker(IServiceScopeFactory scopes, ImportProcessor processor, ImportSignal signal, TimeProvider clock, ILogger<ImportWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await ClaimNextAsync(stoppingToken) is { } importId)
                {
                    await processor.RunAsync(importId, stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The upload stays claimed until its lease ends, then is resumed from its last chunk.
                logger.LogError(e, "An import round failed");
            }

            await signal.WaitAsync(PollInterval, stoppingToken);
        }
    }

    private async Task<Guid?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BeneficiariesDbContext>();
        var now = clock.GetUtcNow();
        var candidates = await db.Imports.AsNoTracking()
            .Where(i => i.Status == ImportStatus.Queued || (i.Status == ImportStatus.Running && i.LeaseUntil < now))
            .OrderBy(i => i.CreatedAt).Select(i => i.Id).Take(5).ToListAsync(cancellationToken);
        foreach (var id in candidates)
        {
            var claimed = await db.Imports
                .Where(i => i.Id == id && (i.Status == ImportStatus.Queued || (i.Status == ImportStatus.Running && i.LeaseUntil < now)))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.Status, ImportStatus.Running)
                    .SetProperty(i => i.LeaseUntil, now + ImportProcessor.Lease)
                    .SetProperty(i => i.StartedAt, i => i.StartedAt ?? now), cancellationToken);
            if (claimed == 1)
            {
                return id;
            }
        }

        return null;
    }
}
