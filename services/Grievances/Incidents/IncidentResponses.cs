using JusticePlatform.Grievances.Protection;

namespace JusticePlatform.Grievances.Incidents;

/// <summary>An incident's categories, without its narrative.</summary>
public sealed record IncidentSummary(
    Guid Id, Guid CaseId, string Type, DateOnly Date, bool DateIsApproximate, string RegionPcode, string CommunePcode,
    string PerpetratorCategory, DateTimeOffset RecordedAt, Guid? MonitoredIncidentId)
{
    public static IncidentSummary From(Incident i) =>
        new(i.Id, i.CaseId, i.Type, i.Date, i.DateIsApproximate, i.RegionPcode, i.CommunePcode, i.PerpetratorCategory, i.RecordedAt, i.MonitoredIncidentId);
}

/// <summary>An incident with its narrative, for case workers (or a receiver the referral shares narratives with).</summary>
public sealed record IncidentDetails(IncidentSummary Incident, string? Narrative)
{
    public const string NarrativeField = "incident.narrative";

    public static IncidentDetails From(Incident i, SurvivorDataProtector protector, bool withNarrative = true) =>
        new(IncidentSummary.From(i), withNarrative ? protector.Unprotect(i.NarrativeCipher, i.Id, NarrativeField) : null);
}
