using System.Collections.Concurrent;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JusticePlatform.BuildingBlocks.Messaging;

/// <summary>
/// Loads (tracks), in one query, the rows a group's handlers will find by these keys; the inbox then
/// counts the keys as covered (<see cref="InboxLookups"/>), so a handler asks the database nothing more about them.
/// </summary>
public delegate Task LoadByKeys<in TContext>(TContext db, IReadOnlyList<object> keys, CancellationToken cancellationToken);

/// <summary>One received message waiting to be applied: its inbox key and its effect.</summary>
public sealed class InboxEntry<TContext>(
    Guid messageId, string consumer, bool readsByKeyOnly, Func<TContext, CancellationToken, Task> handle,
    object? lookupKey = null, LoadByKeys<TContext>? load = null)
    where TContext : ServiceDbContext
{
    public Guid MessageId => messageId;

    public string Consumer => consumer;

    /// <summary>Its handler finds rows by key only, so it sees earlier messages' unsaved changes.</summary>
    public bool ReadsByKeyOnly => readsByKeyOnly;

    internal Func<TContext, CancellationToken, Task> Handle => handle;

    /// <summary>The key its handler finds its row by, loaded with the rest of its group by <see cref="Load"/>; null when it has none.</summary>
    internal object? LookupKey => lookupKey;

    internal LoadByKeys<TContext>? Load => load;

    /// <summary>True once applied, false when the inbox already had it; the failure when it failed.</summary>
    internal TaskCompletionSource<bool> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private const int Waiting = 0, Taken = 1, Cancelled = 2;
    private int _state;

    /// <summary>A leader takes the entry into its group; false when it was cancelled while waiting.</summary>
    internal bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Waiting) == Waiting;

    /// <summary>Cancels the entry if no leader has taken it yet: once taken, it is applied with its group.</summary>
    internal void TryCancel(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Waiting) == Waiting)
        {
            Outcome.TrySetCanceled(cancellationToken);
        }
    }
}

/// <summary>
/// The inbox of one service's consumers, committing in groups. A message that arrives while a
/// commit is under way waits; then what is waiting is applied in one transaction, in arrival
/// order, each effect saved before the next is handled so that it sees them (as if each had
/// committed on its own). One commit for many messages is what lets the consumers keep up with
/// a bulk upload's events; a message arriving alone is committed at once, as before. Effects are
/// saved before a handler that queries (so it sees them) and otherwise once for the group.
/// When a group fails, its messages are applied again one by one, each in its own transaction,
/// so that only a message that fails alone fails (and is retried, then dead-lettered).
/// The consumer that leads commits at most <see cref="MessagingOptions.InboxGroupsPerTurn"/>
/// groups, then hands over to a waiting one: no consumer works for the others without end. A
/// waiting message keeps its own cancellation: cancelled before a leader takes it, it is not
/// applied, and it cancels nothing else; a group once taken is committed whatever its leader's
/// own cancellation, so that one consumer stopping does not fail the messages of others.
/// </summary>
public sealed partial class Inbox<TContext>(MessagingMetrics metrics, IOptions<MessagingOptions> options, ILogger<Inbox<TContext>> logger)
    where TContext : ServiceDbContext
{
    /// <summary>How many times one message is applied again at once when its save meets another's change.</summary>
    private const int ConflictAttempts = 5;

    private readonly ConcurrentQueue<InboxEntry<TContext>> _waiting = new();
    private readonly SemaphoreSlim _committing = new(1, 1);
    private readonly int _groupSize = Math.Max(1, options.Value.InboxGroupSize);
    private readonly int _groupsPerTurn = Math.Max(1, options.Value.InboxGroupsPerTurn);

    public MessagingMetrics Metrics => metrics;

    /// <summary>Opens the log scope of a message's correlation id (<see cref="CorrelationId.Begin"/>).</summary>
    public IDisposable? BeginCorrelation(string? correlationId) => CorrelationId.Begin(logger, correlationId);

    /// <summary>One debug line per message: with its correlation id in scope, it ties the consumer's work to the request that started it.</summary>
    public void LogOutcome(Guid messageId, string consumer, bool applied)
    {
        if (applied)
        {
            LogApplied(logger, messageId, consumer);
        }
        else
        {
            LogDuplicate(logger, messageId, consumer);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId} applied by {Consumer}")]
    private static partial void LogApplied(ILogger logger, Guid messageId, string consumer);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId} already applied by {Consumer}: skipped")]
    private static partial void LogDuplicate(ILogger logger, Guid messageId, string consumer);

    /// <summary>Applies the entry, or waits while another consumer applies it with its group. True when applied now, false for a duplicate.</summary>
    public async Task<bool> ApplyAsync(InboxEntry<TContext> entry, TContext db, CancellationToken cancellationToken)
    {
        _waiting.Enqueue(entry);
        await using var cancelled = cancellationToken.Register(() => entry.TryCancel(cancellationToken));

        // Whoever holds the gate commits a turn of groups for everyone waiting, then lets go; a
        // waiting consumer whose message is still not applied takes the gate next.
        while (!entry.Outcome.Task.IsCompleted)
        {
            using var stopWaiting = new CancellationTokenSource();
            var gate = _committing.WaitAsync(stopWaiting.Token);
            if (await Task.WhenAny(gate, entry.Outcome.Task) != gate)
            {
                await stopWaiting.CancelAsync();
                try
                {
                    await gate;
                    _committing.Release(); // taken just as the message was applied: not needed
                }
                catch (OperationCanceledException)
                {
                }

                break;
            }

            try
            {
                for (var turn = 0; turn < _groupsPerTurn && TakeGroup() is { Count: > 0 } group; turn++)
                {
                    await CommitAsync(group, db, CancellationToken.None);
                }
            }
            finally
            {
                _committing.Release();
            }
        }

        return await entry.Outcome.Task;
    }

    private List<InboxEntry<TContext>> TakeGroup()
    {
        var group = new List<InboxEntry<TContext>>();
        while (group.Count < _groupSize && _waiting.TryDequeue(out var entry))
        {
            if (entry.TryTake())
            {
                group.Add(entry);
            }
        }

        return group;
    }

    private async Task CommitAsync(List<InboxEntry<TContext>> group, TContext db, CancellationToken cancellationToken)
    {
        if (group.Count > 1)
        {
            try
            {
                var applied = await CommitTogetherAsync(group, db, cancellationToken);
                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Outcome.TrySetResult(applied[i]);
                }

                return;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Something in the group failed, and nothing of it was committed: each alone now.
            }
            catch (Exception e)
            {
                group.ForEach(entry => entry.Outcome.TrySetException(e));
                return;
            }
        }

        foreach (var entry in group)
        {
            await CommitAloneAsync(entry, db, cancellationToken);
        }
    }

    private static async Task<bool[]> CommitTogetherAsync(List<InboxEntry<TContext>> group, TContext db, CancellationToken cancellationToken)
    {
        var applied = new bool[group.Count];
        var strategy = db.Database.CreateExecutionStrategy();
        var savepoints = db.Database.AutoSavepointsEnabled;
        try
        {
            // A failure rolls the whole group back and it is applied one by one: no savepoint per message.
            db.Database.AutoSavepointsEnabled = false;
            await strategy.ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                InboxLookups.Forget(db);
                var seen = await AppliedAsync(db, group, cancellationToken);
                for (var i = 0; i < group.Count; i++)
                {
                    applied[i] = seen.Add((group[i].MessageId, group[i].Consumer)); // false: in the inbox already, or twice in this group
                }

                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await LoadByKeysAsync(db, group, applied, cancellationToken);
                for (var i = 0; i < group.Count; i++)
                {
                    if (!applied[i])
                    {
                        continue;
                    }

                    if (!group[i].ReadsByKeyOnly && db.ChangeTracker.HasChanges())
                    {
                        await db.SaveChangesAsync(cancellationToken);
                    }

                    db.InboxMessages.Add(new InboxMessage(group[i].MessageId, group[i].Consumer, db.Clock.GetUtcNow()));
                    await group[i].Handle(db, cancellationToken);
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            });
            return applied;
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
            db.ChangeTracker.Clear();
            InboxLookups.Forget(db);
        }
    }

    /// <summary>
    /// One query per consumer for the rows the group's handlers will find by key, instead of one
    /// per message: they are tracked, so each handler's <c>FindAsync</c> finds them (or knows
    /// they are absent, <see cref="InboxLookups"/>) as the messages before it left them.
    /// </summary>
    private static async Task LoadByKeysAsync(TContext db, List<InboxEntry<TContext>> group, bool[] applied, CancellationToken cancellationToken)
    {
        foreach (var consumer in group.Where((entry, i) => applied[i] && entry is { Load: not null, LookupKey: not null }).GroupBy(entry => entry.Consumer))
        {
            var keys = consumer.Select(entry => entry.LookupKey!).Distinct().ToList();
            await consumer.First().Load!(db, keys, cancellationToken);
            InboxLookups.Covered(db).UnionWith(keys);
        }
    }

    private async Task CommitAloneAsync(InboxEntry<TContext> entry, TContext db, CancellationToken cancellationToken)
    {
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                db.ChangeTracker.Clear();
                if ((await AppliedAsync(db, [entry], cancellationToken)).Count > 0)
                {
                    entry.Outcome.TrySetResult(false);
                    return;
                }

                db.InboxMessages.Add(new InboxMessage(entry.MessageId, entry.Consumer, db.Clock.GetUtcNow()));
                await entry.Handle(db, cancellationToken);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    entry.Outcome.TrySetResult(true);
                    return;
                }
                catch (DbUpdateConcurrencyException) when (attempt < ConflictAttempts)
                {
                    // Another instance changed a row this message writes (a budget line's bookings, a
                    // projection's version) since it was read: apply the message again on what is there
                    // now, rather than spend the broker's few, slow redeliveries on a conflict.
                    metrics.ConflictReapplied(entry.Consumer);
                }
            }
        }
        catch (DbUpdateException e)
        {
            db.ChangeTracker.Clear();
            // A concurrent delivery of the same message may have committed first.
            if (await IsAppliedAsync(db, entry, cancellationToken))
            {
                entry.Outcome.TrySetResult(false);
            }
            else
            {
                entry.Outcome.TrySetException(e);
            }
        }
        catch (Exception e)
        {
            entry.Outcome.TrySetException(e);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static async Task<bool> IsAppliedAsync(TContext db, InboxEntry<TContext> entry, CancellationToken cancellationToken)
    {
        try
        {
            return (await AppliedAsync(db, [entry], cancellationToken)).Count > 0;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>The keys of the group's messages already in the inbox.</summary>
    private static async Task<HashSet<(Guid, string)>> AppliedAsync(TContext db, IReadOnlyList<InboxEntry<TContext>> group, CancellationToken cancellationToken)
    {
        var ids = group.Select(e => e.MessageId).Distinct().ToList();
        var found = await db.InboxMessages.AsNoTracking()
            .Where(m => ids.Contains(m.MessageId))
            .Select(m => new { m.MessageId, m.Consumer })
            .ToListAsync(cancellationToken);
        var consumers = group.Select(e => e.Consumer).ToHashSet();
        return found.Where(m => consumers.Contains(m.Consumer)).Select(m => (m.MessageId, m.Consumer)).ToHashSet();
    }
}

/// <summary>
/// The keys an inbox group's lookup covered, per context: a row of such a key that is not tracked
/// is not in the database either, so a handler adds it without asking. Forgotten with the group.
/// </summary>
internal static class InboxLookups
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, HashSet<object>> Keys = new();

    internal static HashSet<object> Covered(DbContext db) => Keys.GetOrCreateValue(db);

    internal static void Forget(DbContext db) => Keys.Remove(db);

    /// <summary>True when this group's lookup covered <paramref name="key"/>: the database has no row of it that is not tracked.</summary>
    public static bool IsCovered(DbContext db, object key) => Keys.TryGetValue(db, out var keys) && keys.Contains(key);
}
