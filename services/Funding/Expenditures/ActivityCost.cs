namespace JusticePlatform.Funding.Expenditures;

/// <summary>
/// What Funding heard of one activity's cost: its completion, its cancellation, or both.
/// Completion and cancellation travel on different queues and may be handled at once by two
/// instances; each handler writes this one row (its key and <see cref="Revision"/> decide), so
/// of two at once one commit fails and its message is retried against what the other did. A
/// completion after a cancellation books nothing; a cancellation after a completion reverses.
/// </summary>
public sealed class ActivityCost
{
    private ActivityCost()
    {
    }

    public ActivityCost(Guid activityId) => ActivityId = activityId;

    public Guid ActivityId { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>A concurrency token: every change of the row (or of what is booked for the activity) raises it.</summary>
    public int Revision { get; private set; }

    public void Complete(DateTimeOffset now)
    {
        CompletedAt ??= now;
        Revision++;
    }

    public void Cancel(DateTimeOffset now)
    {
        CancelledAt ??= now;
        Revision++;
    }

    /// <summary>Claims the row for a change of what is booked (a resolution), so that a cancellation at the same moment waits for it.</summary>
    public void Touch() => Revision++;
}
