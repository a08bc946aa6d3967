namespace JusticePlatform.Activities.FieldActivities;

/// <summary>
/// An activity's life: planned → in_progress → completed, or cancelled from any state but
/// cancelled itself. A completed activity can still be cancelled (Funding then reverses its
/// expenditure); nothing leaves cancelled.
/// </summary>
public static class ActivityStatus
{
    public const string Planned = "planned";
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";

    public static readonly string[] All = [Planned, InProgress, Completed, Cancelled];

    public static bool CanMove(string from, string to) => (from, to) switch
    {
        (Planned, InProgress) => true,
        (Planned, Completed) => true,
        (InProgress, Completed) => true,
        (Planned or InProgress or Completed, Cancelled) => true,
        _ => false,
    };

    /// <summary>The states one can move to from <paramref name="from"/>, for the refusal's message.</summary>
    public static IReadOnlyList<string> NextOf(string from) => All.Where(to => CanMove(from, to)).ToList();
}

/// <summary>The kinds of activity field teams report, as codes.</summary>
public static class ActivityTypes
{
    public const string Training = "training";
    public const string RadioBroadcast = "radio_broadcast";

    public static readonly string[] All =
    [
        Training, "sensitization_session", RadioBroadcast, "radio_debate", "workshop", "distribution", "cash_grant",
        "monitoring_mission", "meeting", "focus_group", "mobile_court", "legal_clinic", "other",
    ];
}
