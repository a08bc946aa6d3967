using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.BuildingBlocks.Http;

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

    public static readonly CodeList All = new("activityStatus", ["ActivityResponse.status", "ActivityListQuery.status"],
        (Planned, "Planned"), (InProgress, "In progress"), (Completed, "Completed"), (Cancelled, "Cancelled"));

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

    public static readonly CodeList All = new("activityType", ["ActivityRequest.type", "ActivityResponse.type", "activityType"],
        (Training, "Training"), ("sensitization_session", "Sensitization session"), (RadioBroadcast, "Radio broadcast"),
        ("radio_debate", "Radio debate"), ("workshop", "Workshop"), ("distribution", "Distribution of kits"), ("cash_grant", "Cash grant"),
        ("monitoring_mission", "Monitoring mission"), ("meeting", "Meeting"), ("focus_group", "Focus group"), ("mobile_court", "Mobile court"),
        ("legal_clinic", "Legal clinic"), ("other", "Other"));
}

/// <summary>The currencies of an activity's costs: every ISO 4217 currency, as Funding accepts them, so that a cost in any of them is booked where a rate is entered.</summary>
public static class CostCurrencies
{
    public static readonly CodeList All = Iso4217.CodeList("currency", ["currency"]);
}
