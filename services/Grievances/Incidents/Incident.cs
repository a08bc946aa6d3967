using JusticePlatform.BuildingBlocks.Partners;

namespace JusticePlatform.Grievances.Incidents;

/// <summary>An incident of a case: categories, and the narrative kept only encrypted.</summary>
public sealed class Incident : IPartnerOwned
{
    private Incident()
    {
    }

    public Guid Id { get; private set; }
    public string PartnerId { get; private set; } = "";
    public Guid CaseId { get; private set; }
    public string Type { get; private set; } = "";
    public DateOnly Date { get; private set; }
    public bool DateIsApproximate { get; private set; }

    /// <summary>The region (adm1), the first four characters of the commune P-code.</summary>
    public string RegionPcode { get; private set; } = "";
    public string CommunePcode { get; private set; } = "";
    public string PerpetratorCategory { get; private set; } = "";
    public string? NarrativeCipher { get; private set; }

    /// <summary>The monitored incident this one was first observed as: statistics then count this one only.</summary>
    public Guid? MonitoredIncidentId { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }

    public static Incident Record(Guid id, string partnerId, Guid caseId, string type, DateOnly date, bool approximate, string communePcode,
        string perpetrator, Guid? monitoredIncidentId, DateTimeOffset now) => new()
    {
        Id = id,
        PartnerId = partnerId,
        CaseId = caseId,
        Type = type,
        Date = date,
        DateIsApproximate = approximate,
        CommunePcode = communePcode,
        RegionPcode = communePcode[..4],
        PerpetratorCategory = perpetrator,
        MonitoredIncidentId = monitoredIncidentId,
        RecordedAt = now,
    };

    public void SetNarrative(string? cipher) => NarrativeCipher = cipher;
}
