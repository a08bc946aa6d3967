using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.Beneficiaries.Registration;
using JusticePlatform.BuildingBlocks.Background;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Beneficiaries.Duplicates;

/// <summary>Wakes the worker when an agreement was recorded, instead of waiting for its next poll.</summary>
public sealed class AgreementMatchingSignal : WakeUpSignal;

/// <summary>
/// Matches, under a new data-sharing agreement, the records each of the two partners already held
/// against the other's, as their registration would have had the agreement existed: each record is
/// flagged against the other partner's representative of each of its keys, and a pair already
/// flagged (either way round) is not flagged again. It takes one job at a time, like the import
/// worker: the claim is one conditional UPDATE that hands the job a new fencing token, and a job
/// whose worker stopped is taken over once its lease has run out. Each batch of
/// <c>Beneficiaries:AgreementMatching:BatchSize</c> records (500 by default) is one commit — its
/// flags and the job's position together, on the condition that this worker still holds the job
/// and the agreement is active. The matching is the platform's own work, out of any partner's
/// request, so no partner's answer or its timing depends on it.
/// </summary>
public sealed partial class AgreementMatchingWorker(
    IServiceScopeFactory scopes, AgreementMatchingSignal signal, TimeProvider clock, IConfiguration configuration, ILogger<AgreementMatchingWorker> logger)
    : BackgroundService
{
    public const string BatchSizeSetting = "Beneficiaries:AgreementMatching:BatchSize";
    public const int MaxAttempts = 3;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private readonly int _batchSize = Math.Max(1, configuration.GetValue(BatchSizeSetting, 500));

    // A failed round's job stays claimed until its lease ends, then is resumed after its last batch.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        signal.RunRoundsAsync(RoundAsync, PollInterval, e => LogRoundFailed(logger, e), stoppingToken);

    private async Task RoundAsync(CancellationToken stoppingToken)
    {
        while (await ClaimNextAsync(stoppingToken) is { } claim)
        {
            if (claim.Attempts > MaxAttempts)
            {
                await GiveUpAsync(claim.AgreementId, claim.Token, stoppingToken);
                continue;
            }

            await RunAsync(claim.AgreementId, claim.Token, stoppingToken);
        }
    }

    /// <summary>Takes the oldest job that is queued or whose worker's lease lapsed, under a new fencing token.</summary>
    public async Task<(Guid AgreementId, Guid Token, int Attempts)?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BeneficiariesDbContext>();
        var now = clock.GetUtcNow();
        var candidates = await db.AgreementMatchings.AsNoTracking()
            .Where(m => m.State == AgreementMatchingState.Queued || (m.State == AgreementMatchingState.Running && m.LeaseUntil < now))
            .OrderBy(m => m.QueuedAt).Select(m => m.AgreementId).Take(5).ToListAsync(cancellationToken);
        foreach (var id in candidates)
        {
            var token = Guid.NewGuid();
            var claimed = await db.AgreementMatchings
                .Where(m => m.AgreementId == id
                    && (m.State == AgreementMatchingState.Queued || (m.State == AgreementMatchingState.Running && m.LeaseUntil < now)))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.State, AgreementMatchingState.Running)
                    .SetProperty(m => m.LeaseUntil, now + Lease)
                    .SetProperty(m => m.LeaseToken, token)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                    .SetProperty(m => m.StartedAt, m => m.StartedAt ?? now), cancellationToken);
            if (claimed == 1)
            {
                var attempts = await db.AgreementMatchings.AsNoTracking().Where(m => m.AgreementId == id).Select(m => m.Attempts).SingleAsync(cancellationToken);
                return (id, token, attempts);
            }
        }

        return null;
    }

    /// <summary>Runs a claimed job batch after batch until it is done or no longer this worker's.</summary>
    public async Task RunAsync(Guid agreementId, Guid leaseToken, CancellationToken cancellationToken)
    {
        try
        {
            while (await RunBatchAsync(agreementId, leaseToken, cancellationToken))
            {
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: hand the job back at once, so that the next instance resumes it without waiting for the lease.
            await using var scope = scopes.CreateSystemScope();
            await scope.ServiceProvider.GetRequiredService<BeneficiariesDbContext>().AgreementMatchings
                .Where(m => m.AgreementId == agreementId && m.LeaseToken == leaseToken && m.State == AgreementMatchingState.Running)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.State, AgreementMatchingState.Queued)
                    .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null)
                    .SetProperty(m => m.LeaseToken, (Guid?)null)
                    .SetProperty(m => m.Attempts, m => m.Attempts - 1), CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Matches the records after the job's position, at most one batch, and commits the flags with
    /// the new position while this worker holds the job. False once the job is complete or no longer
    /// this worker's (taken over, or its agreement ended).
    /// </summary>
    public async Task<bool> RunBatchAsync(Guid agreementId, Guid leaseToken, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BeneficiariesDbContext>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            var now = clock.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // The fence, first: the job's row is updated (and locked until the commit) only while this
            // worker holds it and the agreement is active; ending the agreement waits for this commit.
            var fenced = await db.AgreementMatchings
                .Where(m => m.AgreementId == agreementId && m.LeaseToken == leaseToken && m.State == AgreementMatchingState.Running
                    && db.DataSharingAgreements.Any(a => a.Id == m.AgreementId && a.EndedAt == null))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, now + Lease), cancellationToken);
            if (fenced != 1)
            {
                LogLost(logger, agreementId);
                return false;
            }

            var job = await db.AgreementMatchings.AsNoTracking().SingleAsync(m => m.AgreementId == agreementId, cancellationToken);
            var (first, second, upTo) = (job.FirstPartnerId, job.SecondPartnerId, job.RegisteredUpTo);
            var records = db.Beneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter])
                .Where(b => (b.PartnerId == first || b.PartnerId == second) && b.RegisteredAt <= upTo);
            var total = job.RecordsTotal ?? await records.CountAsync(cancellationToken);
            var (afterPartner, afterCode) = (job.AfterPartnerId, job.AfterCode);
            var remaining = afterPartner is null ? records : records.Where(b =>
                (b.PartnerId == afterPartner && string.Compare(b.Code, afterCode) > 0) || string.Compare(b.PartnerId, afterPartner) > 0);
            var batch = await remaining.AsNoTracking().OrderBy(b => b.PartnerId).ThenBy(b => b.Code).Take(_batchSize).ToListAsync(cancellationToken);

            var flags = new List<DuplicateFlag>();
            foreach (var side in batch.Where(b => b.Status == BeneficiaryStatus.Active).GroupBy(b => b.PartnerId))
            {
                var other = side.Key == first ? second : first;
                foreach (var (id, matches) in await DuplicateFinder.FindAmongAsync(db, side.ToList(), [other], now, cancellationToken))
                {
                    flags.AddRange(matches.Select(match => DuplicateFlag.Create(id, match, now)));
                }
            }

            var added = await AddNewPairsAsync(db, flags, cancellationToken);
            var complete = batch.Count < _batchSize;
            var last = batch.Count > 0 ? batch[^1] : null;
            var done = job.RecordsDone + batch.Count;
            string? nextPartner = last?.PartnerId ?? afterPartner, nextCode = last?.Code ?? afterCode;
            var state = complete ? AgreementMatchingState.Completed : AgreementMatchingState.Running;
            DateTimeOffset? finishedAt = complete ? now : null, leaseUntil = complete ? null : now + Lease;
            Guid? token = complete ? null : leaseToken;
            int? recordsTotal = complete ? done : Math.Max(total, done);
            await db.AgreementMatchings.Where(m => m.AgreementId == agreementId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.RecordsTotal, recordsTotal)
                    .SetProperty(m => m.RecordsDone, done)
                    .SetProperty(m => m.AfterPartnerId, nextPartner)
                    .SetProperty(m => m.AfterCode, nextCode)
                    .SetProperty(m => m.State, state)
                    .SetProperty(m => m.FinishedAt, finishedAt)
                    .SetProperty(m => m.LeaseUntil, leaseUntil)
                    .SetProperty(m => m.LeaseToken, token)
                    // This claim counts as one attempt: a job fails only after attempts in a row that committed nothing.
                    .SetProperty(m => m.Attempts, 1), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            LogBatch(logger, agreementId, done, added);
            return !complete;
        });
    }

    /// <summary>Adds the flags of pairs not flagged yet, either way round (by an earlier batch, or by a registration since the agreement).</summary>
    private static async Task<int> AddNewPairsAsync(BeneficiariesDbContext db, List<DuplicateFlag> flags, CancellationToken cancellationToken)
    {
        if (flags.Count == 0)
        {
            return 0;
        }

        var ids = flags.SelectMany(f => new[] { f.BeneficiaryId, f.MatchedId }).Distinct().ToList();
        var flagged = await db.DuplicateFlags.AsNoTracking().Where(f => ids.Contains(f.BeneficiaryId) && ids.Contains(f.MatchedId))
            .Select(f => new { f.BeneficiaryId, f.MatchedId }).ToListAsync(cancellationToken);
        var pairs = flagged.Select(f => Pair(f.BeneficiaryId, f.MatchedId)).ToHashSet();
        var fresh = flags.Where(f => pairs.Add(Pair(f.BeneficiaryId, f.MatchedId))).ToList();
        db.DuplicateFlags.AddRange(fresh);
        return fresh.Count;
    }

    private static (Guid, Guid) Pair(Guid a, Guid b) => a.CompareTo(b) < 0 ? (a, b) : (b, a);

    /// <summary>Ends a job that cannot progress (it failed every time a worker took it) as failed, with the flags it committed.</summary>
    private async Task GiveUpAsync(Guid agreementId, Guid leaseToken, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateSystemScope();
        var now = clock.GetUtcNow();
        await scope.ServiceProvider.GetRequiredService<BeneficiariesDbContext>().AgreementMatchings
            .Where(m => m.AgreementId == agreementId && m.LeaseToken == leaseToken && m.State == AgreementMatchingState.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, AgreementMatchingState.Failed)
                .SetProperty(m => m.FinishedAt, now)
                .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(m => m.LeaseToken, (Guid?)null), cancellationToken);
        LogGaveUp(logger, agreementId, MaxAttempts);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An agreement matching round failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Matching under agreement {AgreementId}: {Done} records done, {Flagged} pairs flagged in this batch")]
    private static partial void LogBatch(ILogger logger, Guid agreementId, int done, int flagged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Matching under agreement {AgreementId} was taken over or cancelled; this worker stopped without committing more")]
    private static partial void LogLost(ILogger logger, Guid agreementId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Matching under agreement {AgreementId} failed {Attempts} times in a row and was stopped")]
    private static partial void LogGaveUp(ILogger logger, Guid agreementId, int attempts);
}
