namespace JusticePlatform.BuildingBlocks.Messaging;

/// <summary>
/// What a dispatcher round does with its claimed rows once their publishes have ended: a row is
/// marked sent only when its own publish completed (the broker confirmed it); a publish that
/// failed or timed out leaves its row unsent with a back-off; a row never published is released.
/// </summary>
internal static class OutboxBatch
{
    public static Settled Settle(
        IEnumerable<OutboxMessage> claimed,
        IReadOnlyList<(OutboxMessage Row, Task Publish)> publishes,
        DateTimeOffset now,
        Func<int, TimeSpan> backoff)
    {
        var sent = 0;
        var failures = new List<(OutboxMessage Row, string Error)>();
        foreach (var (row, publish) in publishes)
        {
            if (publish.IsCompletedSuccessfully)
            {
                row.SentAt = now;
                sent++;
            }
            else
            {
                var error = publish.Exception?.GetBaseException().Message
                    ?? (publish.IsCanceled ? "The publish was cancelled or timed out before the broker confirmed it." : "The publish had not ended.");
                row.MarkFailed(error, now + backoff(row.Attempts + 1));
                failures.Add((row, error));
            }
        }

        var published = publishes.Select(p => p.Row).ToHashSet();
        foreach (var rest in claimed.Where(m => !published.Contains(m) && m.SentAt == null && m.DeadAt == null && m.LockedBy != null))
        {
            rest.LockedBy = null;
            rest.LockedUntil = null;
        }

        return new Settled(sent, failures);
    }

    public sealed record Settled(int Sent, IReadOnlyList<(OutboxMessage Row, string Error)> Failures);

    /// <summary>
    /// Reads each claimed row as its event. Whatever goes wrong reading one row (an unknown type,
    /// a body that does not fit it, any exception at all) makes that row unreadable, never the
    /// round: the other rows are read and published.
    /// </summary>
    public static Read ReadAll(IEnumerable<OutboxMessage> claimed, Func<OutboxMessage, (Type Type, object Body)?> resolve)
    {
        var readable = new List<(OutboxMessage Row, Type Type, object Body)>();
        var unreadable = new List<(OutboxMessage Row, string Error)>();
        foreach (var row in claimed)
        {
            try
            {
                if (resolve(row) is { } resolved)
                {
                    readable.Add((row, resolved.Type, resolved.Body));
                }
                else
                {
                    unreadable.Add((row, $"'{row.MessageType}' is not an event this service knows."));
                }
            }
            catch (Exception e)
            {
                unreadable.Add((row, $"'{row.MessageType}' cannot be read: {e.GetType().Name}: {e.Message}"));
            }
        }

        return new Read(readable, unreadable);
    }

    public sealed record Read(IReadOnlyList<(OutboxMessage Row, Type Type, object Body)> Readable, IReadOnlyList<(OutboxMessage Row, string Error)> Unreadable);
}
