using System.Data.Common;
using JusticePlatform.BuildingBlocks.Background;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace JusticePlatform.BuildingBlocks.Messaging;

/// <summary>Wakes the outbox dispatcher as soon as something was committed, rather than waiting for its next poll.</summary>
public sealed class OutboxSignal : WakeUpSignal;

/// <summary>
/// Signals after SaveChanges and after an explicit commit. A signal before a commit is harmless:
/// the dispatcher finds nothing new and the commit signals again.
/// </summary>
internal sealed class OutboxSignalInterceptor(OutboxSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        signal.Notify();
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => signal.Notify();
}
