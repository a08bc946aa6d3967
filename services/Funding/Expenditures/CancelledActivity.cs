namespace JusticePlatform.Funding.Expenditures;

/// <summary>
/// An activity Funding was told is cancelled. Completion and cancellation travel on different
/// queues, so a cancellation can arrive first; remembering it keeps a later completion from
/// being booked as spending that never happened.
/// </summary>
public sealed class CancelledActivity
{
    private CancelledActivity()
    {
    }

    public CancelledActivity(Guid activityId, DateTimeOffset cancelledAt)
    {
        ActivityId = activityId;
        CancelledAt = cancelledAt;
    }

    public Guid ActivityId { get; private set; }

    public DateTimeOffset CancelledAt { get; private set; }
}
