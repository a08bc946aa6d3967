namespace JusticePlatform.Contracts;

/// <summary>
/// Marker for every event one service publishes for the others.
///
/// Rules: named in the past tense; carries ids, codes and disaggregation categories only,
/// never names, phone numbers, birth dates or narratives; versioned by its message URN
/// (for example "justice:beneficiary-registered:v1"). Within a version only optional fields
/// may be added; a breaking change is a new type with the next version.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>When the change happened in the publishing service (UTC).</summary>
    DateTimeOffset OccurredAt { get; }
}
