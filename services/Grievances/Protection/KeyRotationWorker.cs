using System.Security.Cryptography;
using JusticePlatform.BuildingBlocks.Background;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Grievances.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JusticePlatform.Grievances.Protection;

/// <summary>Wakes the re-encryption worker when a rotation was started here.</summary>
public sealed class KeyRotationSignal : WakeUpSignal;

/// <summary>
/// After a rotation, encrypts again under the active key every value still under an older key,
/// walking <see cref="EncryptedFields.All"/> in bounded batches. Each batch commits with the
/// rotation's progress; a value already under the active key is never touched, so a restart (or
/// a second instance) carries on safely. When nothing is left under an older key, the rotation is
/// complete and the older keys can be retired.
/// </summary>
public sealed class KeyRotationWorker(
    IServiceScopeFactory scopes,
    SurvivorDataProtector protector,
    KeyRotationSignal signal,
    TimeProvider clock,
    IOptions<EncryptionOptions> options,
    ILogger<KeyRotationWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        signal.RunRoundsAsync(RunAsync, options.Value.ReencryptionPollInterval,
            ex => logger.LogError(ex, "Re-encrypting survivor data after a key rotation failed; it is tried again."), stoppingToken);

    /// <summary>Carries the running rotation, if any, through to its end.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<GrievancesDbContext>();
        var rotation = await db.KeyRotations.Where(r => r.Status == KeyRotationStatus.Running)
            .OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(cancellationToken);
        if (rotation is null)
        {
            return;
        }

        if (rotation.KeyId != protector.ActiveKeyId)
        {
            // Another instance rotated; this one learns the new ring only when it restarts.
            logger.LogWarning("Key rotation to {KeyId} waits: this instance's active key is {ActiveKeyId}; restart it to load the rotated key ring.",
                rotation.KeyId, protector.ActiveKeyId);
            return;
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                rotation = await db.Database.CreateExecutionStrategy().ExecuteAsync(() => ReencryptBatchAsync(db, rotation.Id, cancellationToken));
            }
            catch (CryptographicException ex)
            {
                // A value whose key left the ring (or was altered) never re-encrypts: stop and say so, do not spin.
                db.ChangeTracker.Clear();
                var failed = await db.KeyRotations.FirstAsync(r => r.Id == rotation.Id, cancellationToken);
                failed.Fail($"A value does not decrypt with the key ring: {ex.Message}", clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
                logger.LogError(ex, "Key rotation to {KeyId} failed: a value does not decrypt with the key ring.", rotation.KeyId);
                return;
            }

            if (rotation.Status == KeyRotationStatus.Completed)
            {
                logger.LogInformation("Key rotation to {KeyId} complete: {Done} values re-encrypted.", rotation.KeyId, rotation.Done);
                return;
            }
        }
    }

    /// <summary>One batch over the encrypted fields and the rotation's progress, in one transaction.</summary>
    private async Task<KeyRotation> ReencryptBatchAsync(GrievancesDbContext db, Guid rotationId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rotation = await db.KeyRotations.FirstAsync(r => r.Id == rotationId, cancellationToken);
        var batchSize = options.Value.ReencryptionBatchSize;
        var batch = 0;
        foreach (var field in EncryptedFields.All)
        {
            batch += await field.ReencryptBatchAsync(db, protector, batchSize - batch, cancellationToken);
            if (batch >= batchSize)
            {
                break;
            }
        }

        if (batch > 0)
        {
            rotation.Progress(batch, clock.GetUtcNow());
        }
        else
        {
            rotation.Complete(clock.GetUtcNow());
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rotation;
    }
}
