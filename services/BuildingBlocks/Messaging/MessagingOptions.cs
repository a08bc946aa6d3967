namespace JusticePlatform.BuildingBlocks.Messaging;

/// <summary>Settings under "Messaging". The defaults suit production; tests shorten the waits.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>Longest wait between two looks at the outbox when nothing signalled a commit.</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public int OutboxBatchSize { get; set; } = 200;

    /// <summary>
    /// Dispatcher rounds running side by side in one instance, each on rows of its own: while one
    /// waits for its confirms, another publishes what was committed meanwhile.
    /// </summary>
    public int OutboxRoundsInFlight { get; set; } = 2;

    /// <summary>How long a dispatcher owns the rows it claimed; past it another instance may take them.</summary>
    public TimeSpan OutboxLease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>At most this long per publish; a dispatcher stops a batch at half its lease, so keep this well below that.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts at a row that cannot be read as a known event before it is parked as dead.</summary>
    public int OutboxMaxAttempts { get; set; } = 10;
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sent rows are kept this long (evidence that an event left), then deleted.</summary>
    public TimeSpan KeepSentFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Redeliveries of a failing message before it moves to the endpoint's _error queue.</summary>
    public int RetryLimit { get; set; } = 5;
    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>At most this many received messages are applied in one inbox commit (<see cref="Inbox{TContext}"/>).</summary>
    public int InboxGroupSize { get; set; } = 100;

    /// <summary>Groups one consumer commits for the others before it hands over to a waiting one (<see cref="Inbox{TContext}"/>).</summary>
    public int InboxGroupsPerTurn { get; set; } = 4;

    /// <summary>
    /// How long a consumed message's inbox row is kept, then purged. A redelivery later than this
    /// would be applied again: keep it well above the longest a message can wait in a queue or an
    /// _error queue before it is re-driven.
    /// </summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// Messages the broker hands each consumer endpoint ahead of their acknowledgement. MassTransit's
    /// own default (twice the cores, at most 16: 4 here) would keep inbox groups to a few messages.
    /// </summary>
    public int? PrefetchCount { get; set; } = 100;

    /// <summary>Messages each consumer endpoint handles at once; unset means as many as are prefetched.</summary>
    public int? ConcurrentMessageLimit { get; set; }

    /// <summary>How often the depth of this service's consumer queues and their _error queues is read for the metrics.</summary>
    public TimeSpan QueueDepthInterval { get; set; } = TimeSpan.FromSeconds(30);

    public static TimeSpan Backoff(int failures, TimeSpan min, TimeSpan max)
    {
        var exponent = Math.Clamp(failures - 1, 0, 20);
        var delay = TimeSpan.FromTicks(min.Ticks * (1L << exponent));
        return delay > max || delay <= TimeSpan.Zero ? max : delay;
    }
}
