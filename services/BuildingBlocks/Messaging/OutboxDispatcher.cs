using JusticePlatform.BuildingBlocks.Partners;
using System.Diagnostics;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JusticePlatform.BuildingBlocks.Messaging;

/// <summary>
/// Publishes committed outbox rows to the broker, oldest first, and marks them sent once the
/// broker has confirmed them. Rows are claimed with a lease (a conditional UPDATE), so two
/// instances of a service (or two rounds of one) never publish the same row at the same time.
/// A round starts every publish of its batch and then awaits the confirms together; only the
/// rows the broker confirmed are marked sent, and a publish that fails leaves its row unsent
/// and retried with back-off, however often (the broker will come back). Only a row that cannot
/// be read as a known event is parked, after <see cref="MessagingOptions.OutboxMaxAttempts"/>
/// reads, for an administrator to re-drive (<see cref="MessagingAdminApi"/>). A crash between publish and mark means one republish, which the
/// consumers' inbox absorbs.
/// </summary>
internal sealed partial class OutboxDispatcher<TContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    MessagingMetrics metrics,
    IOptions<MessagingOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher<TContext>> logger) : BackgroundService where TContext : ServiceDbContext
{
    private static readonly ActivitySource Source = new("JusticePlatform.Outbox");
    private readonly MessagingOptions _options = options.Value;
    private DateTimeOffset _nextCleanup = DateTimeOffset.MinValue;
    private long _nextObservation = DateTimeOffset.MinValue.UtcTicks;

    /// <summary>
    /// The backlog gauges are read at most this often: counting a backlog of 100,000 rows after
    /// each batch of 200 would cost more than publishing them.
    /// </summary>
    private static readonly TimeSpan ObservationInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs <see cref="MessagingOptions.OutboxRoundsInFlight"/> rounds side by side, as that many
    /// instances would: each claims its own rows under the lease, so while one waits for its
    /// confirms another publishes what was committed meanwhile.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, _options.OutboxRoundsInFlight)).Select(round => RunRoundsAsync(round, stoppingToken)));

    private async Task RunRoundsAsync(int round, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var result = BatchResult.Empty;
            try
            {
                result = await DispatchBatchAsync(stoppingToken);
                failures = result.Failed ? failures + 1 : 0;
                if (round == 0)
                {
                    await CleanUpSentAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                LogDispatchError(logger, ex);
            }

            try
            {
                if (failures > 0)
                {
                    // The broker or the database is down: back off, and ignore commit signals meanwhile.
                    await Task.Delay(MessagingOptions.Backoff(failures, _options.MinBackoff, _options.MaxBackoff), stoppingToken);
                }
                else if (result.MayHaveMore)
                {
                    // A full batch: there is likely more, so wake another round too.
                    signal.Notify();
                }
                else
                {
                    await signal.WaitAsync(_options.OutboxPollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<BatchResult> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = clock.GetUtcNow();

        var candidates = await db.OutboxMessages
            .Where(m => m.SentAt == null && m.DeadAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.OccurredAt)
            .Select(m => m.Id)
            .Take(_options.OutboxBatchSize)
            .ToListAsync(cancellationToken);

        if (candidates.Count == 0)
        {
            await ObserveBacklogAsync(db, cancellationToken);
            return BatchResult.Empty;
        }

        // The lease condition is repeated in the UPDATE itself: the database re-checks it on each
        // row it locks, so a row another dispatcher claimed meanwhile is left alone.
        var claim = Guid.NewGuid();
        var leaseEnd = now + _options.OutboxLease;
        await db.OutboxMessages
            .Where(m => candidates.Contains(m.Id) && m.SentAt == null && m.DeadAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(set => set
                .SetProperty(m => m.LockedBy, claim)
                .SetProperty(m => m.LockedUntil, leaseEnd), cancellationToken);

        var claimed = await db.OutboxMessages
            .Where(m => m.LockedBy == claim)
            .OrderBy(m => m.OccurredAt)
            .ToListAsync(cancellationToken);

        // A row that cannot be read as a known event is set aside (parked after its read attempts), so it blocks nothing behind it.
        var read = OutboxBatch.ReadAll(claimed, Resolve);
        foreach (var (row, error) in read.Unreadable)
        {
            using var correlation = CorrelationId.Begin(logger, row.CorrelationId);
            LogUnreadable(logger, row.Id, row.MessageType, error);
            metrics.Unreadable();
            if (row.MarkUnreadable(error, now + MessagingOptions.Backoff(row.ReadFailures + 1, _options.MinBackoff, _options.MaxBackoff), _options.OutboxMaxAttempts, now))
            {
                metrics.Parked();
                LogParked(logger, row.Id, row.MessageType, row.ReadFailures);
            }
        }

        // Every publish of the batch is started before any confirm is awaited: the broker confirms
        // them together, instead of one round trip per row.
        var stopAt = now + _options.OutboxLease / 2;
        var publishes = new List<(OutboxMessage Row, Task Publish)>(read.Readable.Count);
        foreach (var (message, type, body) in read.Readable)
        {
            // Never publish a row whose lease may lapse meanwhile: another dispatcher could then take it too.
            if (clock.GetUtcNow() > stopAt)
            {
                break;
            }

            publishes.Add((message, PublishAsync(message, type, body, cancellationToken)));
        }

        try
        {
            await Task.WhenAll(publishes.Select(p => p.Publish));
        }
        catch (Exception)
        {
            // Each publish's own outcome is read below; what was confirmed is marked sent even when stopping.
        }

        var settledAt = clock.GetUtcNow();
        var settled = OutboxBatch.Settle(claimed, publishes, settledAt,
            attempts => MessagingOptions.Backoff(attempts, _options.MinBackoff, _options.MaxBackoff));
        foreach (var _ in settled.Failures)
        {
            metrics.DispatchFailed();
        }

        if (settled.Failures.Count > 0)
        {
            // One line per round, not per row: with the broker gone every publish of the batch fails alike.
            var (message, error) = settled.Failures[0];
            LogPublishFailed(logger, settled.Failures.Count, message.Id, message.MessageType, message.Attempts, error);
        }

        for (var i = 0; i < settled.Sent; i++)
        {
            metrics.Dispatched();
        }

        // The confirmed rows are marked in one statement rather than one UPDATE each; SaveChanges
        // then writes only the rows that failed or were released.
        var sent = claimed.Where(m => m.SentAt == settledAt).ToList();
        sent.ForEach(m => db.Entry(m).State = EntityState.Unchanged);
        var sentIds = sent.Select(m => m.Id).ToList();
        if (sentIds.Count > 0)
        {
            await db.OutboxMessages.Where(m => sentIds.Contains(m.Id)).ExecuteUpdateAsync(set => set.SetProperty(m => m.SentAt, settledAt), CancellationToken.None);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        await ObserveBacklogAsync(db, cancellationToken);
        var failed = settled.Failures.Count > 0;
        return new BatchResult(MayHaveMore: !failed && candidates.Count == _options.OutboxBatchSize, Failed: failed);
    }

    private static (Type Type, object Body)? Resolve(OutboxMessage message)
    {
        var type = MessageTypes.Resolve(message.MessageType);
        if (type is null)
        {
            return null;
        }

        var body = JsonSerializer.Deserialize(message.Body, type, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("The body is empty.");
        return (type, body);
    }

    private async Task PublishAsync(OutboxMessage message, Type type, object body, CancellationToken cancellationToken)
    {
        // What the bus logs while publishing this row carries the request's correlation id.
        using var correlation = CorrelationId.Begin(logger, message.CorrelationId);
        ActivityContext.TryParse(message.TraceParent, null, out var parent);
        using var activity = Source.StartActivity("outbox publish", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", message.Id);
        activity?.SetTag("messaging.message.type", type.Name);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeout);
        await bus.Publish(body, type, context =>
        {
            context.MessageId = message.Id;
            context.Headers.Set(OutboxHeaders.OccurredAt, message.OccurredAt.ToString("O"));
            if (message.CorrelationId is { } correlationId)
            {
                context.Headers.Set(OutboxHeaders.CorrelationId, correlationId);
            }
        }, timeout.Token);
    }

    private async Task ObserveBacklogAsync(TContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = Interlocked.Read(ref _nextObservation);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextObservation, (now + ObservationInterval).UtcTicks, due) != due)
        {
            return; // read less than a second ago, or being read by the other round right now
        }

        var unsent = db.OutboxMessages.Where(m => m.SentAt == null && m.DeadAt == null);
        var backlog = await unsent.LongCountAsync(cancellationToken);
        var oldest = backlog == 0
            ? (DateTimeOffset?)null
            : await unsent.MinAsync(m => (DateTimeOffset?)m.OccurredAt, cancellationToken);
        var dead = await db.OutboxMessages.LongCountAsync(m => m.DeadAt != null, cancellationToken);
        metrics.ObserveOutbox(backlog, oldest is null ? TimeSpan.Zero : clock.GetUtcNow() - oldest.Value, dead);
    }

    /// <summary>Once an hour: sent rows past <see cref="MessagingOptions.KeepSentFor"/> and inbox rows past <see cref="MessagingOptions.InboxRetention"/>.</summary>
    private async Task CleanUpSentAsync(CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() < _nextCleanup)
        {
            return;
        }

        _nextCleanup = clock.GetUtcNow().AddHours(1);
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var cutoff = clock.GetUtcNow() - _options.KeepSentFor;
        await db.OutboxMessages.Where(m => m.SentAt != null && m.SentAt < cutoff).ExecuteDeleteAsync(cancellationToken);

        // The inbox only has to remember a message as long as it could be delivered again.
        var forgetBefore = clock.GetUtcNow() - _options.InboxRetention;
        await db.InboxMessages.Where(m => m.ProcessedAt < forgetBefore).ExecuteDeleteAsync(cancellationToken);
    }

    private readonly record struct BatchResult(bool MayHaveMore, bool Failed)
    {
        public static BatchResult Empty => new(false, false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch round failed")]
    private static partial void LogDispatchError(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} ({MessageType}) cannot be read: {Error}")]
    private static partial void LogUnreadable(ILogger logger, Guid messageId, string messageType, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} ({MessageType}) parked after {ReadFailures} failed reads; an administrator can re-drive it once it is readable")]
    private static partial void LogParked(ILogger logger, Guid messageId, string messageType, int readFailures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Failed} outbox messages failed, the first {MessageId} ({MessageType}), attempt {Attempts}: {Error}")]
    private static partial void LogPublishFailed(ILogger logger, int failed, Guid messageId, string messageType, int attempts, string error);
}
