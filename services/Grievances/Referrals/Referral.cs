using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.Grievances.Referrals;

public static class ReferralStatus
{
    public const string InProgress = "in_progress";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Done = "done";
    public const string Revoked = "revoked";

    public static readonly CodeList All = new("referralStatus", ["ReferralQuery.status", "ReferralResponse.status"],
        (InProgress, "In progress"), (Accepted, "Accepted"), (Rejected, "Rejected"), (Done, "Done"), (Revoked, "Revoked"));

    /// <summary>The referrals a partner lists: those it sent or those it received.</summary>
    public static readonly CodeList Directions = new("referralDirection", ["direction"], ("incoming", "Received"), ("outgoing", "Sent"));
}

/// <summary>
/// A case referred for a service, to a partner on the platform (<see cref="ToPartnerId"/>) or to a
/// body outside it (<see cref="ExternalBodyKind"/>). Its status goes in_progress → accepted or
/// rejected → done; the sender may revoke it until it is done or rejected.
/// <para>
/// A referral belongs to two partners, so it is not an <c>IPartnerOwned</c> record: every query
/// goes through <see cref="ReferralQueries"/>, which keeps the rows the caller sent or received.
/// </para>
/// </summary>
public sealed class Referral
{
    private Referral()
    {
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public string FromPartnerId { get; private set; } = "";
    public string? ToPartnerId { get; private set; }
    public string? ExternalBodyKind { get; private set; }

    /// <summary>The name of an organisation (a court, a clinic), never of a person.</summary>
    public string? ExternalBodyName { get; private set; }

    public string ServiceType { get; private set; } = "";
    public string Status { get; private set; } = ReferralStatus.InProgress;

    /// <summary>What the receiver may read besides the survivor code and categories: identity, contact, narratives.</summary>
    public List<string> Shares { get; private set; } = [];

    /// <summary>Referred without the survivor's consent for referral, under the override scope.</summary>
    public bool ConsentOverridden { get; private set; }
    public string? OverrideReason { get; private set; }

    /// <summary>An optional note on the override, encrypted like survivor data.</summary>
    public string? OverrideNoteCipher { get; private set; }

    public string ReferredBy { get; private set; } = "";
    public DateTimeOffset ReferredAt { get; private set; }
    public string? RespondedBy { get; private set; }
    public DateTimeOffset? RespondedAt { get; private set; }
    public DateTimeOffset? ImplementedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>When the receiver last recorded, on the sender's case, the redress it obtained.</summary>
    public DateTimeOffset? RedressRecordedAt { get; private set; }
    public int Version { get; private set; }

    public bool Internal => ToPartnerId is not null;

    public static Referral Create(Guid id, Guid caseId, string fromPartnerId, string? toPartnerId, string? externalKind, string? externalName,
        string serviceType, IEnumerable<string> shares, string referredBy, DateTimeOffset now) => new()
    {
        Id = id,
        CaseId = caseId,
        FromPartnerId = fromPartnerId,
        ToPartnerId = toPartnerId,
        ExternalBodyKind = externalKind,
        ExternalBodyName = externalName,
        ServiceType = serviceType,
        Shares = shares.Distinct().Order().ToList(),
        ReferredBy = referredBy,
        ReferredAt = now,
    };

    public void RecordOverride(string reason, string? noteCipher)
    {
        ConsentOverridden = true;
        OverrideReason = reason;
        OverrideNoteCipher = noteCipher;
    }

    /// <summary>The receiver's answer, or the sender's recording of an outside body's answer.</summary>
    public bool Respond(bool accept, string by, DateTimeOffset now) =>
        Move(ReferralStatus.InProgress, accept ? ReferralStatus.Accepted : ReferralStatus.Rejected, () => (RespondedBy, RespondedAt) = (by, now));

    public bool Complete(DateTimeOffset now) => Move(ReferralStatus.Accepted, ReferralStatus.Done, () => ImplementedAt = now);

    public bool Revoke(DateTimeOffset now)
    {
        if (Status is not (ReferralStatus.InProgress or ReferralStatus.Accepted))
        {
            return false;
        }

        Status = ReferralStatus.Revoked;
        RevokedAt = now;
        Version++;
        return true;
    }

    public void RecordRedress(DateTimeOffset now)
    {
        RedressRecordedAt = now;
        Version++;
    }

    /// <summary>The receiver reads the shared case (and records redress on it) only while the referral is accepted.</summary>
    public bool LetsReceiverRead => Status == ReferralStatus.Accepted;

    private bool Move(string from, string to, Action record)
    {
        if (Status != from)
        {
            return false;
        }

        Status = to;
        record();
        Version++;
        return true;
    }
}

public static class ReferralQueries
{
    /// <summary>The referrals <paramref name="partnerId"/> sent or received, and no others.</summary>
    public static IQueryable<Referral> VisibleTo(this IQueryable<Referral> referrals, string partnerId) =>
        referrals.Where(r => r.FromPartnerId == partnerId || r.ToPartnerId == partnerId);
}
