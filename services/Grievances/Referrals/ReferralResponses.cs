using JusticePlatform.Grievances.Cases;
using JusticePlatform.Grievances.Incidents;

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
    DateTimeOffset? RevokedAt)
{
    public static ReferralResponse From(Referral r, string viewer)
    {
        var sender = r.FromPartnerId == viewer;
        return new(r.Id, sender ? r.CaseId : null, sender ? "outgoing" : "incoming", r.FromPartnerId, r.ToPartnerId, r.ExternalBodyKind,
            r.ExternalBodyName, r.ServiceType, r.Status, r.Shares, r.ConsentOverridden, sender ? r.OverrideReason : null, r.ReferredAt,
            r.RespondedAt, r.ImplementedAt, r.RevokedAt);
    }
}

/// <summary>
/// What an accepted referral lets its receiver read: the survivor code and categories, and only
/// the parts the referral shares (identity, contact, narratives).
/// </summary>
public sealed record ReferredCase(
    Guid ReferralId,
    string ServiceType,
    string SurvivorCode,
    string Sex,
    string AgeBand,
    string RiskLevel,
    IReadOnlyList<string> Shares,
    SurvivorIdentity? Survivor,
    IReadOnlyList<IncidentDetails> Incidents);
