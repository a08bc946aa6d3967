using JusticePlatform.Grievances.Cases;
using JusticePlatform.Grievances.Incidents;
using JusticePlatform.Grievances.Protection;

namespace JusticePlatform.Grievances.Referrals;

/// <summary>A referral as its sender or receiver sees it. The case id is shown to the sender only.</summary>
public sealed record ReferralResponse(
    Guid Id,
    Guid? CaseId,
    string Direction,
    string FromPartnerId,
    string? ToPartnerId,
    string? ExternalBodyKind,
    string? ExternalBodyName,
    string ServiceType,
    string Status,
    IReadOnlyList<string> Shares,
    bool ConsentOverridden,
    string? OverrideReason,
    DateTimeOffset ReferredAt,
    DateTimeOffset? RespondedAt,
    DateTimeOffset? ImplementedAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? RedressRecordedAt)
{
    public static ReferralResponse From(Referral r, string viewer)
    {
        var sender = r.FromPartnerId == viewer;
        return new(r.Id, sender ? r.CaseId : null, sender ? "outgoing" : "incoming", r.FromPartnerId, r.ToPartnerId, r.ExternalBodyKind,
            r.ExternalBodyName, r.ServiceType, r.Status, r.Shares, r.ConsentOverridden, sender ? r.OverrideReason : null, r.ReferredAt,
            r.RespondedAt, r.ImplementedAt, r.RevokedAt, r.RedressRecordedAt);
    }
}

/// <summary>
/// What an accepted referral lets its receiver read: the categories a service needs (sex, age band,
/// risk level) and only the parts the referral shares (identity, contact, narratives). Nothing that
/// names the case row beyond the referral: no case id, no survivor code, no incident ids.
/// </summary>
public sealed record ReferredCase(
    Guid ReferralId,
    string ServiceType,
    string Sex,
    string AgeBand,
    string RiskLevel,
    IReadOnlyList<string> Shares,
    SurvivorIdentity? Survivor,
    IReadOnlyList<ReferredIncident> Incidents);

/// <summary>An incident of a referred case: categories, and the narrative only when the referral shares narratives.</summary>
public sealed record ReferredIncident(
    string Type,
    DateOnly Date,
    bool DateIsApproximate,
    string RegionPcode,
    string CommunePcode,
    string PerpetratorCategory,
    string? Narrative)
{
    public static ReferredIncident From(Incident i, SurvivorDataProtector protector, bool withNarrative) =>
        new(i.Type, i.Date, i.DateIsApproximate, i.RegionPcode, i.CommunePcode, i.PerpetratorCategory,
            withNarrative ? protector.Unprotect(i.NarrativeCipher, i.Id, IncidentDetails.NarrativeField) : null);
}
