using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.BuildingBlocks.Audit;

/// <summary>
/// Commits the audit entries of reads together (group commit). A read writes nothing but its
/// entry, and committing that entry alone was most of a read's cost. Each read hands its entry
/// here and waits: whatever entries are waiting are inserted in one transaction, and each read
/// answers only once the transaction holding its entry has committed; if it fails, the reads
/// whose entries it held fail too, so no read is answered without its entry.
/// There is no timer: while one batch commits, the next gathers, so a read alone is written at once.
/// </summary>
public sealed class AuditWriter(IServiceScopeFactory scopes)
{
    private const int MaxBatch = 500;
    private readonly Lock _gate = new();
    private List<Waiting> _waiting = [];
    private bool _writing;

    /// <summary>Completes when <paramref name="entry"/> has committed; faults when it could not be.</summary>
    public Task WriteAsync(AuditEntry entry)
    {
        var waiting = new Waiting(entry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_gate)
        {
            _waiting.Add(waiting);
            start = !_writing;
            _writing = true;
        }

        if (start)
        {
            // The writer is the platform's own work: the request's context (its caller) must not flow into it.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(WriteWhileWaitingAsync);
            }
        }

        return waiting.Committed.Task;
    }

    private async Task WriteWhileWaitingAsync()
    {
        while (true)
        {
            List<Waiting> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _writing = false;
                    return;
                }

                // A bounded transaction: beyond this, the rest waits for the next batch.
                batch = _waiting;
                _waiting = batch.Count > MaxBatch ? batch[MaxBatch..] : [];
                batch = batch.Count > MaxBatch ? batch[..MaxBatch] : batch;
            }

            try
            {
                await InsertAsync(batch);
                batch.ForEach(w => w.Committed.TrySetResult());
            }
            catch (DbUpdateException) when (batch.Count > 1)
            {
                // The database refused the batch (not a lost connection, which the execution strategy
                // retries and reports otherwise): each entry alone, so that one refused entry fails only its own read.
                foreach (var waiting in batch)
                {
                    try
                    {
                        await InsertAsync([waiting]);
                        waiting.Committed.TrySetResult();
                    }
                    catch (Exception e)
                    {
                        waiting.Committed.TrySetException(e);
                    }
                }
            }
            catch (Exception e)
            {
                batch.ForEach(w => w.Committed.TrySetException(e));
            }
        }
    }

    private async Task InsertAsync(List<Waiting> batch)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<ServiceDbContext>();
        db.AuditEntries.AddRange(batch.Select(w => w.Entry));
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private sealed record Waiting(AuditEntry Entry, TaskCompletionSource Committed);
}
