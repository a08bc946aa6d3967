using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JusticePlatform.BuildingBlocks.Imports;

/// <summary>
/// Runs one claimed import in two streamed passes over the stored file: the first checks every
/// row (cheap, in memory, keeping no row) to count the rows and errors and to stop early on a
/// file of garbage; the second writes the valid rows in chunks. Each chunk is one commit — the
/// records, their events and the job's progress together, on the condition that this worker
/// still holds the job — so an interrupted import resumes after its last chunk, a worker that
/// lost the job (or whose job was cancelled) writes nothing more, and no row is written twice.
/// At most one chunk of rows and <see cref="ImportJob.MaxStoredErrors"/> errors are held at a time.
/// </summary>
public sealed partial class ImportRunner(
    IServiceScopeFactory scopes, IEnumerable<IImportHandler> handlers, ImportMetrics metrics, TimeProvider clock, ILogger<ImportRunner> logger)
{
    public const int ChunkSize = 1000;

    /// <summary>When this many rows in a row fail from the start, the file is most likely not what the partner meant: stop.</summary>
    public const int EarlyStopAfter = 1000;

    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
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
                ImportMode = i.ImportMode, AtomicMode = i.AtomicMode, ProcessedRows = i.ProcessedRows, LeaseToken = i.LeaseToken, Attempts = i.Attempts,
            }).SingleAsync(cancellationToken);
        }

        if (job.LeaseToken != leaseToken)
        {
            return;
        }

        var handler = handlers.Single(h => h.Kind == job.Kind);
        var options = new ImportOptions(job.ImportStrategy, job.ImportMode, job.AtomicMode);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        IReadOnlyList<ImportError> Check(IImportRow row) => row.Error is { } unreadable ? [unreadable] : handler.Check(row, options, today);

        // First pass: check every row, keeping none.
        var errors = new ImportErrors();
        var total = 0;
        var valid = 0;
        try
        {
            await using var scope = scopes.CreateSystemScope();
            await using var payload = await OpenAsync(scope, job.Id, cancellationToken);
            foreach (var row in handler.ReadRows(job.Format, payload.Stream))
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

        // Second pass: the valid rows again, written a chunk at a time after those already committed.
        try
        {
            await using var scope = scopes.CreateSystemScope();
            await using var payload = await OpenAsync(scope, job.Id, cancellationToken);
            var chunk = new List<IImportRow>(ChunkSize);
            var index = 0;
            foreach (var row in handler.ReadRows(job.Format, payload.Stream))
            {
                if (Check(row).Count > 0 || index++ < job.ProcessedRows)
                {
                    continue;
                }

                chunk.Add(row);
                if (chunk.Count == ChunkSize)
                {
                    await WriteAsync(job, handler, leaseToken, chunk, index - chunk.Count, total, errors, cancellationToken);
                    chunk.Clear();
                }
            }

            await WriteAsync(job, handler, leaseToken, chunk, index - chunk.Count, total, errors, cancellationToken);
        }
        catch (LostImportException)
        {
            LogLost(logger, job.Id);
            return;
        }

        await FinishAsync(job, leaseToken, errors, total, ImportStatus.Completed, cancellationToken);
    }

    private static async Task<ImportFiles.StoredPayload> OpenAsync(AsyncServiceScope scope, Guid importId, CancellationToken cancellationToken) =>
        await ImportFiles.OpenPayloadAsync(scope.ServiceProvider.GetRequiredService<ServiceDbContext>(), importId, cancellationToken)
        ?? throw new LostImportException();

    private async Task WriteAsync(
        ImportJob job, IImportHandler handler, Guid leaseToken, List<IImportRow> chunk, int start, int total, ImportErrors errors, CancellationToken cancellationToken)
    {
        if (chunk.Count == 0)
        {
            return;
        }

        try
        {
            errors.AddRange(await WriteChunkAsync(job, handler, leaseToken, chunk, start, total, cancellationToken));
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // The database refused something in this chunk (a NUL in a name, say): find the
            // rows it refuses one by one, so that they become row errors and the rest is written.
            for (var i = 0; i < chunk.Count; i++)
            {
                errors.AddRange(await WriteAloneAsync(job, handler, leaseToken, chunk[i], start + i, total, cancellationToken));
            }
        }
    }

    private async Task<IReadOnlyList<ImportError>> WriteAloneAsync(
        ImportJob job, IImportHandler handler, Guid leaseToken, IImportRow row, int index, int total, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteChunkAsync(job, handler, leaseToken, [row], index, total, cancellationToken);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            await WriteChunkAsync(job, handler, leaseToken, [], index + 1, total, cancellationToken);
            return [new ImportError(row.Row, "row", "rejected_by_database", "The database refused a value of this row (for example a control character).")];
        }
    }

    /// <summary>Writes <paramref name="chunk"/> and sets progress to <paramref name="start"/> + its size, in one fenced commit.</summary>
    private async Task<IReadOnlyList<ImportError>> WriteChunkAsync(
        ImportJob job, IImportHandler handler, Guid leaseToken, IReadOnlyList<IImportRow> chunk, int start, int total, CancellationToken cancellationToken)
    {
        // The rows are written as the partner that uploaded them: stamped with it, and seeing only its records.
        await using var scope = scopes.CreatePartnerScope(job.PartnerId);
        var db = scope.ServiceProvider.GetRequiredService<ServiceDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = clock.GetUtcNow();
        var processed = start + chunk.Count;

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
                var fenced = await db.Imports
                    .Where(i => i.Id == job.Id && i.LeaseToken == leaseToken && i.Status == ImportStatus.Running)
                    .ExecuteUpdateAsync(set => set
                        .SetProperty(i => i.TotalRows, total)
                        .SetProperty(i => i.ProcessedRows, processed)
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
                    .AnyAsync(i => i.Id == job.Id && i.LeaseToken == leaseToken && i.ProcessedRows == processed, ct);
                return new ExecutionResult<ChunkResult>(committed, written!);
            },
            cancellationToken);

        metrics.RowsCommitted(job.Kind, result.Created + result.Updated);
        return result.Errors;
    }

    private async Task FinishAsync(ImportJob job, Guid leaseToken, ImportErrors errors, int total, string status, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<ServiceDbContext>();
        var now = clock.GetUtcNow();
        var finished = await db.Imports
            .Where(i => i.Id == job.Id && i.LeaseToken == leaseToken && i.Status == ImportStatus.Running)
            .ExecuteUpdateAsync(set => set
                .SetProperty(i => i.Status, status)
                .SetProperty(i => i.TotalRows, total)
                .SetProperty(i => i.Ignored, errors.RejectedRows)
                .SetProperty(i => i.ErrorsJson, JsonSerializer.Serialize(errors.Kept.OrderBy(e => e.Row).ToList(), Json))
                .SetProperty(i => i.ErrorCountsJson, JsonSerializer.Serialize(errors.Counts, Json))
                // The uploaded file holds personal data that erasure cannot reach: it goes when the import ends.
                .SetProperty(i => i.Payload, Array.Empty<byte>())
                .SetProperty(i => i.FinishedAt, now)
                .SetProperty(i => i.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(i => i.LeaseToken, (Guid?)null), cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId} {Status}: {Rejected} rows rejected")]
    private static partial void LogFinished(ILogger logger, Guid importId, string status, int rejected);
}

/// <summary>Errors of one import: the first <see cref="ImportJob.MaxStoredErrors"/> kept whole, every one counted by code.</summary>
internal sealed class ImportErrors
{
    private int? _lastRow;

    public List<ImportError> Kept { get; } = [];

    public SortedDictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);

    /// <summary>Rows with at least one error: a row's errors come together, and no row is rejected twice.</summary>
    public int RejectedRows { get; private set; }

    public void Add(ImportError error)
    {
        if (error.Row != _lastRow) RejectedRows++;
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
