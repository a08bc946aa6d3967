using System.Diagnostics.Metrics;

namespace JusticePlatform.BuildingBlocks.Messaging;

/// <summary>
/// Outbox and inbox figures for the ops dashboard: backlog and age of the oldest unsent event
/// (is anything stuck?), dispatched and consumed counts, duplicates skipped, failures, and
/// consumer lag (how long an event took from the change to its effect), and the depth of the
/// service's queues and _error queues. deploy/prometheus/alerts.yml alerts on them.
/// </summary>
public sealed class MessagingMetrics : IDisposable
{
    public const string MeterName = "JusticePlatform.Messaging";

    private readonly Meter _meter;
    private readonly Counter<long> _dispatched;
    private readonly Counter<long> _dispatchFailures;
    private readonly Counter<long> _unreadable;
    private readonly Counter<long> _consumed;
    private readonly Counter<long> _duplicatesSkipped;
    private readonly Counter<long> _consumeFailures;
    private readonly Counter<long> _conflictsReapplied;
    private readonly Histogram<double> _consumerLag;
    private readonly Counter<long> _parked;
    private readonly Counter<long> _deadLettered;
    private long _backlog;
    private long _dead;
    private double _oldestUnsentAgeSeconds;
    private volatile IReadOnlyList<DeadLetterQueues.QueueDepth> _queues = [];

    public MessagingMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _dispatched = _meter.CreateCounter<long>("justice.outbox.dispatched", "{event}", "Events published from the outbox");
        _dispatchFailures = _meter.CreateCounter<long>("justice.outbox.dispatch_failures", "{event}", "Failed publish attempts (the broker refused or did not confirm); retried, never parked");
        _unreadable = _meter.CreateCounter<long>("justice.outbox.unreadable", "{event}", "Outbox rows that could not be read as a known event (unknown type, bad body); parked after repeated reads");
        _consumed = _meter.CreateCounter<long>("justice.inbox.consumed", "{message}", "Messages applied by consumers");
        _duplicatesSkipped = _meter.CreateCounter<long>("justice.inbox.duplicates_skipped", "{message}", "Redelivered messages skipped by the inbox");
        _consumeFailures = _meter.CreateCounter<long>("justice.inbox.failures", "{message}", "Consumer attempts that threw");
        _conflictsReapplied = _meter.CreateCounter<long>("justice.inbox.conflicts_reapplied", "{message}", "Messages applied again because another instance changed a row they write before they committed");
        _consumerLag = _meter.CreateHistogram<double>("justice.inbox.consumer_lag", "s", "Time from the change to its effect in the consumer");
        _deadLettered = _meter.CreateCounter<long>("justice.inbox.dead_lettered", "{message}", "Messages moved to an _error queue after their retries");
        _parked = _meter.CreateCounter<long>("justice.outbox.parked", "{event}", "Events set aside after repeated failed reads, for an administrator to re-drive");
        _meter.CreateObservableGauge("justice.outbox.dead", () => Interlocked.Read(ref _dead), "{event}", "Events parked as dead, waiting for a person");
        _meter.CreateObservableGauge("justice.outbox.backlog", () => Interlocked.Read(ref _backlog), "{event}", "Events not yet published");
        _meter.CreateObservableGauge("justice.outbox.oldest_unsent_age", () => Volatile.Read(ref _oldestUnsentAgeSeconds), "s", "Age of the oldest unpublished event");
        _meter.CreateObservableGauge("justice.messaging.queue_depth", () => _queues.Select(q => new Measurement<long>(q.Messages, new KeyValuePair<string, object?>("queue", q.Queue))),
            "{message}", "Messages waiting in each of this service's consumer queues");
        _meter.CreateObservableGauge("justice.messaging.error_queue_depth", () => _queues.Select(q => new Measurement<long>(q.ErrorMessages, new KeyValuePair<string, object?>("queue", q.Queue + DeadLetterQueues.ErrorSuffix))),
            "{message}", "Messages in each of this service's _error queues, waiting for a person to re-drive them");
    }

    public long Backlog => Interlocked.Read(ref _backlog);

    public void Dispatched() => _dispatched.Add(1);
    public void DispatchFailed() => _dispatchFailures.Add(1);
    public void Unreadable() => _unreadable.Add(1);
    public void Parked() => _parked.Add(1);
    public void DeadLettered(string consumer) => _deadLettered.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
    public void Consumed(string consumer, TimeSpan lag)
    {
        _consumed.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
        _consumerLag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("consumer", consumer));
    }

    public void DuplicateSkipped(string consumer) => _duplicatesSkipped.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
    public void ConflictReapplied(string consumer) => _conflictsReapplied.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
    public void ConsumeFailed(string consumer) => _consumeFailures.Add(1, new KeyValuePair<string, object?>("consumer", consumer));

    public void ObserveOutbox(long backlog, TimeSpan oldestUnsentAge, long dead)
    {
        Interlocked.Exchange(ref _backlog, backlog);
        Interlocked.Exchange(ref _dead, dead);
        Volatile.Write(ref _oldestUnsentAgeSeconds, oldestUnsentAge.TotalSeconds);
    }

    public void ObserveQueues(IReadOnlyList<DeadLetterQueues.QueueDepth> queues) => _queues = queues;

    public void Dispose() => _meter.Dispose();
}
