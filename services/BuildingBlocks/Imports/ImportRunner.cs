using System.Runtime.CompilerServices;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JusticePlatform.BuildingBlocks.Imports;

/// <summary>
/// Runs one claimed import in one streamed pass over the stored file that checks each row and
/// writes the valid ones in chunks (stopping early on a file of garbage). A dry run (VALIDATE) or
/// an all-or-nothing import (atomicMode ALL) takes two: the first checks every row, keeping none,
/// and only then, if it may, the second writes. Each chunk is one commit — the
/// records, their events and the job's progress together, on the condition that this worker
/// still holds the job — so an interrupted import resumes after the file row its last chunk
/// ended on, a worker that lost the job (or whose job was cancelled) writes nothing more, and no
/// row is written twice. Rows are checked against the day the job first started
/// (<see cref="ImportJob.Today"/>), so a restart after midnight sees the same valid rows. The
/// lease is renewed through both passes. A database fault that is not about a row (a permission,
/// a missing table) fails the job and keeps its file, instead of refusing every row.
/// At most one chunk of rows and <see cref="ImportJob.MaxStoredErrors"/> errors are held at a time.
/// </summary>
public sealed partial class ImportRunner(
    IServiceScopeFactory scopes, IEnumerable<IImportHandler> handlers, ImportMetrics metrics, TimeProvider clock, ILogger<ImportRunner> logger)
{
    public const int ChunkSize = 1000;

    /// <summary>When this many rows in a row fail from the start, the file is most likely not what the partner meant: stop.</summary>
    public const int EarlyStopAfter = 1000;

    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>A running pass renews its lease this often, well before it could lapse.</summary>
    private static readonly TimeSpan RenewEvery = Lease / 3;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task RunAsync(Guid importId, Guid leaseToken, CancellationToken cancellationToken)
    {
        metrics.Started();
        try
        {
            await RunClaimedAsync(importId, leaseToken, cancellationToken);
        }
        finally
        {
            metrics.Stopped();
        }
    }

    private async Task RunClaimedAsync(Guid importId, Guid leaseToken, CancellationToken cancellationToken)
    {
        ImportJob job;
        await using (var scope = scopes.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ServiceDbContext>();
            job = await db.Imports.AsNoTracking().Where(i => i.Id == importId).Select(i => new ImportJob
            {
                Id = i.Id, PartnerId = i.PartnerId, Kind = i.Kind, Status = i.Status, Format = i.Format, ImportStrategy = i.ImportStrategy,
                ImportMode = i.ImportMode, AtomicMode = i.AtomicMode, ProcessedRows = i.ProcessedRows, ResumeAfterRow = i.ResumeAfterRow,
                Today = i.Today, LeaseToken = i.LeaseToken, Attempts = i.Attempts,
            }).SingleAsync(cancellationToken);
        }

        if (job.LeaseToken != leaseToken || (job.Today ?? await FixTodayAsync(job.Id, leaseToken, cancellationToken)) is not { } today)
        {
            return;
        }

        var handler = handlers.Single(h => h.Kind == job.Kind);
        var options = new ImportOptions(job.ImportStrategy, job.ImportMode, job.AtomicMode);
        IReadOnlyList<ImportError> Check(IImportRow row) => row.Error is { } unreadable ? [unreadable] : handler.Check(row, options, today);
        var lease = new LeaseKeeper(clock, ct => RenewLeaseAsync(job.Id, leaseToken, ct));

        var errors = new ImportErrors();
        var total = 0;
        var valid = 0;

        // An import that writes each valid row on its own merit reads its file once, checking and
        // writing together; a dry run, or one whose file is refused whole for one bad row, first checks every row.
        if (options.ImportMode != ImportOptions.ValidateOnly && options.AtomicMode != ImportOptions.All)
        {
            await RunOnePassAsync(job, handler, leaseToken, Check, lease, cancellationToken);
            return;
        }

        // First pass: check every row, keeping none.
        try
        {
            await foreach (var row in ReadRowsAsync(job, handler, lease, cancellationToken))
            {
                total++;
                var rowErrors = Check(row);
                if (rowErrors.Count == 0) valid++;
                else errors.AddRange(rowErrors);

                if (valid == 0 && errors.RejectedRows >= EarlyStopAfter)
                {
                    LogStoppedEarly(logger, job.Id, EarlyStopAfter);
                    await FinishAsync(job, leaseToken, errors, total, ImportStatus.Failed, cancellationToken);
                    return;
                }
            }
        }
        catch (UnreadableImportException e)
        {
            errors.Add(new ImportError(0, "file", "unreadable", e.Message));
            await FinishAsync(job, leaseToken, errors, total, ImportStatus.Failed, cancellationToken);
            return;
        }
        catch (LostImportException)
        {
            LogLost(logger, job.Id);
            return;
        }

        LogRead(logger, job.Id, total, errors.RejectedRows);
        if (options.ImportMode == ImportOptions.ValidateOnly || (options.AtomicMode == ImportOptions.All && errors.RejectedRows > 0))
        {
            await FinishAsync(job, leaseToken, errors, total, ImportStatus.Completed, cancellationToken);
            return;
        }

        // Second pass: the valid rows again, written a chunk at a time after the last file row committed.
        try
        {
            var writer = new ChunkWriter(this, job, handler, leaseToken);
            await foreach (var row in ReadRowsAsync(job, handler, lease, cancellationToken))
            {
                if (row.Row > job.ResumeAfterRow && Check(row).Count == 0)
                {
                    await writer.AddAsync(row, total, errors, cancellationToken);
                }
            }

            await writer.FlushAsync(total, errors, cancellationToken);
        }
        catch (LostImportException)
        {
            LogLost(logger, job.Id);
            return;
        }
        catch (Exception e) when (DatabaseErrors.IsAboutTheDatabase(e))
        {
            await FailForTheDatabaseAsync(job, leaseToken, e, total, cancellationToken);
            return;
        }

        await FinishAsync(job, leaseToken, errors, total, ImportStatus.Completed, cancellationToken);
    }

    /// <summary>
    /// One pass over the file that checks each row and writes the valid ones in chunks. Rows up to
    /// the job's <see cref="ImportJob.ResumeAfterRow"/> (committed by an earlier worker) are checked
    /// again, to count the file's rows and errors, and not written: the import resumes exactly after
    /// its last committed chunk. Stops early, having written nothing, when the first
    /// <see cref="EarlyStopAfter"/> rows are all rejected. A file that turns out unreadable midway
    /// fails there; chunks committed before the fault remain (each row once, with its event).
    /// </summary>
    private async Task RunOnePassAsync(
        ImportJob job, IImportHandler handler, Guid leaseToken, Func<IImportRow, IReadOnlyList<ImportError>> check, LeaseKeeper lease,
        CancellationToken cancellationToken)
    {
        var errors = new ImportErrors();
        var total = 0;
        var valid = 0;
        try
        {
            var writer = new ChunkWriter(this, job, handler, leaseToken);
            await foreach (var row in ReadRowsAsync(job, handler, lease, cancellationToken))
            {
                total++;
                var rowErrors = check(row);
                if (rowErrors.Count > 0)
                {
                    errors.AddRange(rowErrors);
                    if (valid == 0 && errors.RejectedRows >= EarlyStopAfter)
                    {
                        LogStoppedEarly(logger, job.Id, EarlyStopAfter);
                        await FinishAsync(job, leaseToken, errors, total, ImportStatus.Failed, cancellationToken);
                        return;
                    }

                    continue;
                }

                valid++;
                await writer.AddAsync(row, total, errors, cancellationToken);
            }

            await writer.FlushAsync(total, errors, cancellationToken);
        }
        catch (UnreadableImportException e)
        {
            errors.Add(new ImportError(0, "file", "unreadable", e.Message));
            await FinishAsync(job, leaseToken, errors, total, ImportStatus.Failed, cancellationToken);
            return;
        }
        catch (LostImportException)
        {
            LogLost(logger, job.Id);
            return;
        }
        catch (Exception e) when (DatabaseErrors.IsAboutTheDatabase(e))
        {
            await FailForTheDatabaseAsync(job, leaseToken, e, total, cancellationToken);
            return;
        }

        LogRead(logger, job.Id, total, errors.RejectedRows);
        await FinishAsync(job, leaseToken, errors, total, ImportStatus.Completed, cancellationToken);
    }

    /// <summary>
    /// Not the rows' fault: refusing them would blame the partner's file. The job fails with one error that
    /// says so, its file is kept, and the import resumes after its last committed chunk once it is retried.
    /// </summary>
    private async Task FailForTheDatabaseAsync(ImportJob job, Guid leaseToken, Exception e, int total, CancellationToken cancellationToken)
    {
        LogDatabaseFailed(logger, job.Id, e);
        var failure = new ImportErrors();
        failure.Add(new ImportError(0, "file", "database_unavailable",
            "The import stopped because the database could not write it (not because of a row); rows committed before remain. Retry the import once the platform is fixed."));
        await FinishAsync(job, leaseToken, failure, total, ImportStatus.Failed, cancellationToken, keepFile: true);
    }

    /// <summary>Fixes the job's day on its first start (a later start keeps it); null when this worker no longer holds the job.</summary>
    private async Task<DateOnly?> FixTodayAsync(Guid importId, Guid leaseToken, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<ServiceDbContext>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await db.Imports.Where(i => i.Id == importId && i.LeaseToken == leaseToken && i.Today == null)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.Today, today), cancellationToken);
        return await db.Imports.AsNoTracking().Where(i => i.Id == importId && i.LeaseToken == leaseToken).Select(i => i.Today).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Extends the lease while this worker still holds the job; false when it does not.</summary>
    private async Task<bool> RenewLeaseAsync(Guid importId, Guid leaseToken, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<ServiceDbContext>();
        var leaseEnd = clock.GetUtcNow() + Lease;
        return await db.Imports.Where(i => i.Id == importId && i.LeaseToken == leaseToken && i.Status == ImportStatus.Running)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.LeaseUntil, leaseEnd), cancellationToken) == 1;
    }

    /// <summary>
    /// A pass's valid rows on their way to the database, written a chunk at a time: those an earlier
    /// worker committed (up to the job's <see cref="ImportJob.ResumeAfterRow"/>) are passed over.
    /// </summary>
    private sealed class ChunkWriter(ImportRunner runner, ImportJob job, IImportHandler handler, Guid leaseToken)
    {
        private readonly List<IImportRow> _chunk = new(ChunkSize);

        // A job begun before progress was kept by file row knows only how many valid rows it committed.
        private int _committedBeforeUpgrade = job.ResumeAfterRow == 0 ? job.ProcessedRows : 0;

        public async Task AddAsync(IImportRow row, int total, ImportErrors errors, CancellationToken cancellationToken)
        {
            if (row.Row <= job.ResumeAfterRow)
            {
                return;
            }

            if (_committedBeforeUpgrade > 0)
            {
                _committedBeforeUpgrade--;
                return;
            }

            _chunk.Add(row);
            if (_chunk.Count == ChunkSize)
            {
                await FlushAsync(total, errors, cancellationToken);
            }
        }

        /// <summary>Writes the rows held (none: nothing), in one commit with the job's progress.</summary>
        public async Task FlushAsync(int total, ImportErrors errors, CancellationToken cancellationToken)
        {
            if (_chunk.Count > 0)
            {
                errors.AddRange(await runner.WriteAsync(job, handler, leaseToken, _chunk, total, cancellationToken));
                _chunk.Clear();
            }
        }
    }

    /// <summary>
    /// Renews the lease every <see cref="RenewEvery"/> of a pass, between rows: a long check of a
    /// large file (or a long run of invalid rows while writing) must not let the lease lapse, or
    /// another worker would take the job over while this one still works on it.
    /// </summary>
    private sealed class LeaseKeeper(TimeProvider clock, Func<CancellationToken, Task<bool>> renew)
    {
        private DateTimeOffset _renewAt = clock.GetUtcNow() + RenewEvery;

        public async ValueTask KeepAsync(CancellationToken cancellationToken)
        {
            if (clock.GetUtcNow() < _renewAt)
            {
                return;
            }

            if (!await renew(cancellationToken))
            {
                throw new LostImportException();
            }

            _renewAt = clock.GetUtcNow() + RenewEvery;
        }
    }

    /// <summary>The rows of the job's stored file, the lease kept between rows.</summary>
    private async IAsyncEnumerable<IImportRow> ReadRowsAsync(
        ImportJob job, IImportHandler handler, LeaseKeeper lease, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateSystemScope();
        await using var payload = await OpenAsync(scope, job.Id, cancellationToken);
        foreach (var row in handler.ReadRows(job.Format, payload.Stream))
        {
            await lease.KeepAsync(cancellationToken);
            yield return row;
        }
    }

    private static async Task<ImportFiles.StoredPayload> OpenAsync(AsyncServiceScope scope, Guid importId, CancellationToken cancellationToken) =>
        await ImportFiles.OpenPayloadAsync(scope.ServiceProvider.GetRequiredService<ServiceDbContext>(), importId, cancellationToken)
        ?? throw new LostImportException();

    /// <summary>
    /// Writes <paramref name="rows"/> in one commit; when the database refuses something among them (a NUL in
    /// a name, say), writes each half the same way, so that each refused row ends alone as a row error and
    /// the rest is written. One bad value in a chunk of 1,000 costs about 20 commits, not 1,000.
    /// </summary>
    private async Task<IReadOnlyList<ImportError>> WriteAsync(
        ImportJob job, IImportHandler handler, Guid leaseToken, IReadOnlyList<IImportRow> rows, int total, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteChunkAsync(job, handler, leaseToken, rows, rows[^1].Row, rows.Count, total, cancellationToken);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException && DatabaseErrors.IsAboutARow(e))
        {
            if (rows.Count == 1)
            {
                await WriteChunkAsync(job, handler, leaseToken, [], rows[0].Row, 1, total, cancellationToken);
                return [new ImportError(rows[0].Row, "row", "rejected_by_database", "The database refused a value of this row (for example a control character).")];
            }

            var half = rows.Count / 2;
            return [
                .. await WriteAsync(job, handler, leaseToken, rows.Take(half).ToList(), total, cancellationToken),
                .. await WriteAsync(job, handler, leaseToken, rows.Skip(half).ToList(), total, cancellationToken),
            ];
        }
    }

    /// <summary>
    /// Writes <paramref name="chunk"/> and moves the job's progress past file row <paramref name="throughRow"/>
    /// (<paramref name="dealtWith"/> more rows processed), in one fenced commit.
    /// </summary>
    private async Task<IReadOnlyList<ImportError>> WriteChunkAsync(
        ImportJob job, IImportHandler handler, Guid leaseToken, IReadOnlyList<IImportRow> chunk, int throughRow, int dealtWith, int total,
        CancellationToken cancellationToken)
    {
        // The rows are written as the partner that uploaded them: stamped with it, and seeing only its records.
        await using var scope = scopes.CreatePartnerScope(job.PartnerId);
        var db = scope.ServiceProvider.GetRequiredService<ServiceDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = clock.GetUtcNow();

        // One transaction, retried whole on a transient failure: the handler may write its rows set-based
        // before SaveChanges writes the rest, and all of it commits with the job's progress or none of it does.
        // A failure while committing is checked against the job's progress, so a chunk is never written twice.
        ChunkResult? written = null;
        var result = await db.Database.CreateExecutionStrategy().ExecuteAsync(
            (object?)null,
            async (_, _, ct) =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);

                // The fence, first: the job's row is updated (and locked until the commit) only while this
                // worker holds its lease and the job runs; otherwise nothing of this chunk is committed.
                // Progress only moves forward: a chunk that ends at or before the committed row is never written again.
                var fenced = await db.Imports
                    .Where(i => i.Id == job.Id && i.LeaseToken == leaseToken && i.Status == ImportStatus.Running && i.ResumeAfterRow < throughRow)
                    .ExecuteUpdateAsync(set => set
                        .SetProperty(i => i.TotalRows, total)
                        .SetProperty(i => i.ProcessedRows, i => i.ProcessedRows + dealtWith)
                        .SetProperty(i => i.ResumeAfterRow, throughRow)
                        .SetProperty(i => i.LeaseUntil, now + Lease), ct);
                if (fenced != 1)
                {
                    throw new LostImportException();
                }

                var chunkResult = chunk.Count == 0 ? new ChunkResult(0, 0, 0, []) : await handler.WriteAsync(db, job, chunk, now, ct);
                if (chunkResult.Created + chunkResult.Updated + chunkResult.Flagged > 0)
                {
                    await db.Imports.Where(i => i.Id == job.Id)
                        .ExecuteUpdateAsync(set => set
                            .SetProperty(i => i.Created, i => i.Created + chunkResult.Created)
                            .SetProperty(i => i.Updated, i => i.Updated + chunkResult.Updated)
                            .SetProperty(i => i.Flagged, i => i.Flagged + chunkResult.Flagged), ct);
                }

                db.ChangeTracker.DetectChanges();
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateConcurrencyException)
                {
                    throw new LostImportException();
                }

                written = chunkResult;
                await transaction.CommitAsync(ct);
                return chunkResult;
            },
            async (_, _, ct) =>
            {
                var committed = written is not null && await db.Imports.AsNoTracking()
                    .AnyAsync(i => i.Id == job.Id && i.LeaseToken == leaseToken && i.ResumeAfterRow == throughRow, ct);
                return new ExecutionResult<ChunkResult>(committed, written!);
            },
            cancellationToken);

        metrics.RowsCommitted(job.Kind, result.Created + result.Updated);
        return result.Errors;
    }

    /// <param name="keepFile">The job may be retried (the platform, not the file, was at fault): its file stays until Imports:KeepFor.</param>
    private async Task FinishAsync(
        ImportJob job, Guid leaseToken, ImportErrors errors, int total, string status, CancellationToken cancellationToken, bool keepFile = false)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<ServiceDbContext>();
        var now = clock.GetUtcNow();
        var finished = await db.Imports
            .Where(i => i.Id == job.Id && i.LeaseToken == leaseToken && i.Status == ImportStatus.Running)
            .ExecuteUpdateAsync(set =>
            {
                set.SetProperty(i => i.Status, status)
                    .SetProperty(i => i.TotalRows, total)
                    .SetProperty(i => i.Ignored, errors.RejectedRows)
                    .SetProperty(i => i.ErrorsJson, JsonSerializer.Serialize(errors.Kept.OrderBy(e => e.Row).ToList(), Json))
                    .SetProperty(i => i.ErrorCountsJson, JsonSerializer.Serialize(errors.Counts, Json))
                    .SetProperty(i => i.FinishedAt, now)
                    .SetProperty(i => i.LeaseUntil, (DateTimeOffset?)null)
                    .SetProperty(i => i.LeaseToken, (Guid?)null);
                if (!keepFile)
                {
                    // The uploaded file holds personal data that erasure cannot reach: it goes when the import ends.
                    set.SetProperty(i => i.Payload, Array.Empty<byte>());
                }
            }, cancellationToken);
        if (finished == 1)
        {
            metrics.Finished(job.Kind, status);
            LogFinished(logger, job.Id, status, errors.RejectedRows);
        }
    }

    /// <summary>Ends a job that cannot progress (it failed every time a worker took it) as failed, with what it has.</summary>
    internal Task GiveUpAsync(ImportJob job, Guid leaseToken, CancellationToken cancellationToken)
    {
        var errors = new ImportErrors();
        errors.Add(new ImportError(0, "file", "not_finished", $"The import failed {job.Attempts - 1} times and was stopped; rows committed before remain."));
        return FinishAsync(job, leaseToken, errors, job.TotalRows, ImportStatus.Failed, cancellationToken);
    }

    private sealed class LostImportException : Exception;

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId}: {Total} rows read, {Rejected} rejected")]
    private static partial void LogRead(ILogger logger, Guid importId, int total, int rejected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {ImportId} stopped early: its first {Rows} rows were all rejected")]
    private static partial void LogStoppedEarly(ILogger logger, Guid importId, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {ImportId} was taken over or cancelled; this worker stopped without committing more")]
    private static partial void LogLost(ILogger logger, Guid importId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Import {ImportId} failed on a database fault that is not about a row; its file is kept for a retry")]
    private static partial void LogDatabaseFailed(ILogger logger, Guid importId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId} {Status}: {Rejected} rows rejected")]
    private static partial void LogFinished(ILogger logger, Guid importId, string status, int rejected);
}

/// <summary>Errors of one import: the first <see cref="ImportJob.MaxStoredErrors"/> kept whole, every one counted by code.</summary>
internal sealed class ImportErrors
{
    private int? _lastRow;

    public List<ImportError> Kept { get; } = [];

    public SortedDictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);

    /// <summary>Rows with at least one error: a row's errors come together, and no row is rejected twice. An error of the whole file (row 0) rejects no row.</summary>
    public int RejectedRows { get; private set; }

    public void Add(ImportError error)
    {
        if (error.Row != _lastRow && error.Row > 0) RejectedRows++;
        _lastRow = error.Row;
        Counts[error.Code] = Counts.GetValueOrDefault(error.Code) + 1;
        if (Kept.Count < ImportJob.MaxStoredErrors)
        {
            Kept.Add(error);
        }
    }

    public void AddRange(IEnumerable<ImportError> errors)
    {
        foreach (var error in errors)
        {
            Add(error);
        }
    }
}
