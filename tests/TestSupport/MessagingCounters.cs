using System.Diagnostics.Metrics;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.TestSupport;

/// <summary>
/// Reads the outbox and inbox counters of one service instance (its own meter), not those of
/// other instances running in the same test process. The consumers of Identity's partner events
/// are left out: a test that signs a partner in makes them, beside the traffic it counts.
/// </summary>
public sealed class MessagingCounters : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _dispatched;
    private long _applied;
    private long _skipped;
    private long _dispatchFailures;
    private long _deadLettered;
    private long _conflictsReapplied;

    public MessagingCounters(IServiceProvider services)
    {
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        _ = services.GetRequiredService<MessagingMetrics>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MessagingMetrics.MeterName && instrument.Meter.Scope == meterFactory)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "consumer", Value: string consumer } && consumer.StartsWith(KnownPartners.InboxNamePrefix, StringComparison.Ordinal))
                {
                    return;
                }
            }

            switch (instrument.Name)
            {
                case "justice.outbox.dispatched": Interlocked.Add(ref _dispatched, value); break;
                case "justice.inbox.consumed": Interlocked.Add(ref _applied, value); break;
                case "justice.inbox.duplicates_skipped": Interlocked.Add(ref _skipped, value); break;
                case "justice.outbox.dispatch_failures": Interlocked.Add(ref _dispatchFailures, value); break;
                case "justice.inbox.dead_lettered": Interlocked.Add(ref _deadLettered, value); break;
                case "justice.inbox.conflicts_reapplied": Interlocked.Add(ref _conflictsReapplied, value); break;
            }
        });
        _listener.Start();
    }

    public long Dispatched => Interlocked.Read(ref _dispatched);
    public long Applied => Interlocked.Read(ref _applied);
    public long Skipped => Interlocked.Read(ref _skipped);
    public long DispatchFailures => Interlocked.Read(ref _dispatchFailures);
    public long DeadLettered => Interlocked.Read(ref _deadLettered);
    public long ConflictsReapplied => Interlocked.Read(ref _conflictsReapplied);

    /// <summary>Deliveries the consumers have handled, applied or skipped as duplicates.</summary>
    public long Handled => Applied + Skipped;

    public void Dispose() => _listener.Dispose();
}
