using JusticePlatform.BuildingBlocks.Partners;

namespace JusticePlatform.Grievances.Cases;

/// <summary>
/// A survivor's case. The survivor is known by <see cref="SurvivorCode"/>; identity and contact
/// are kept only encrypted (<see cref="IdentityCipher"/>, <see cref="ContactCipher"/>, see
/// Protection/). Everything else is a category used in lists and statistics.
/// </summary>
public sealed class GrievanceCase : IPartnerOwned
{
    private GrievanceCase()
    {
    }

    public Guid Id { get; private set; }
    public string PartnerId { get; private set; } = "";
    public string SurvivorCode { get; private set; } = "";

    /// <summary>The linked beneficiary's id as a keyed hash (see BeneficiaryLinks/), to find the person's cases; never the id itself.</summary>
    public string? BeneficiaryHash { get; private set; }

    /// <summary>The linked beneficiary's id, encrypted like survivor data, to show it to the owner's case workers.</summary>
    public string? BeneficiaryCipher { get; private set; }

    /// <summary>When the linked person was erased: the link and their identity, contact and narratives are gone, the categories stay.</summary>
    public DateTimeOffset? ErasedAt { get; private set; }

    /// <summary>Bumped on every change; the ETag of the case.</summary>
    public int Version { get; private set; }

    // Categories.
    public string Sex { get; private set; } = "";
    public int? AgeAtRegistration { get; private set; }
    public string AgeBand { get; private set; } = "";
    public string RiskLevel { get; private set; } = "";
    public string? CaseWorker { get; private set; }

    /// <summary>The program whose outcome indicators count this case; null for cases opened before cases named one, or without one.</summary>
    public Guid? ProgramId { get; private set; }

    // Survivor data, encrypted (name; phone and address).
    public string? IdentityCipher { get; private set; }
    public string? ContactCipher { get; private set; }

    // Consent, and who recorded it when.
    public bool ConsentForServices { get; private set; }
    public bool ConsentForReferral { get; private set; }
    public bool ConsentForReporting { get; private set; }
    public string ConsentRecordedBy { get; private set; } = "";
    public DateTimeOffset ConsentRecordedAt { get; private set; }

    public string Status { get; private set; } = CaseWorkflow.New;
    public string RedressStatus { get; private set; } = "none";
    public string? RedressKind { get; private set; }
    public DateOnly? RedressDate { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    public static GrievanceCase Open(
        Guid id, string partnerId, string recordedBy, string sex, int? age, string riskLevel, string? caseWorker,
        (bool Services, bool Referral, bool Reporting) consent, DateTimeOffset now, Guid? programId = null) => new()
    {
        Id = id,
        PartnerId = partnerId,
        ProgramId = programId,
        SurvivorCode = Cases.SurvivorCode.New(),
        Sex = sex,
        AgeAtRegistration = age,
        AgeBand = CodeLists.AgeBand(age),
        RiskLevel = riskLevel,
        CaseWorker = caseWorker,
        ConsentForServices = consent.Services,
        ConsentForReferral = consent.Referral,
        ConsentForReporting = consent.Reporting,
        ConsentRecordedBy = recordedBy,
        ConsentRecordedAt = now,
        OpenedAt = now,
        UpdatedAt = now,
    };

    /// <summary>Sets the encrypted survivor data (the protector binds each value to this case's id).</summary>
    public void SetSurvivorData(string? identityCipher, string? contactCipher)
    {
        IdentityCipher = identityCipher;
        ContactCipher = contactCipher;
    }

    public void LinkBeneficiary(string hash, string cipher)
    {
        BeneficiaryHash = hash;
        BeneficiaryCipher = cipher;
    }

    /// <summary>The linked person was erased: drop the link, identity and contact; keep codes and categories for statistics.</summary>
    public void EraseSurvivorData(DateTimeOffset erasedAt, DateTimeOffset now)
    {
        BeneficiaryHash = null;
        BeneficiaryCipher = null;
        IdentityCipher = null;
        ContactCipher = null;
        ErasedAt ??= erasedAt;
        Touch(now);
    }

    /// <summary>Records the survivor's consent as it now stands, with who recorded it and when.</summary>
    public void RecordConsent((bool Services, bool Referral, bool Reporting) consent, string recordedBy, DateTimeOffset now)
    {
        (ConsentForServices, ConsentForReferral, ConsentForReporting) = consent;
        ConsentRecordedBy = recordedBy;
        ConsentRecordedAt = now;
        Touch(now);
    }

    /// <summary>Moves the case one step of its workflow; false when the workflow does not allow it.</summary>
    public bool MoveTo(string status, DateTimeOffset now)
    {
        if (!CaseWorkflow.CanMove(Status, status))
        {
            return false;
        }

        Status = status;
        ClosedAt = status == CaseWorkflow.Closed ? now : null;
        Touch(now);
        return true;
    }

    /// <summary>Records the redress status; true when redress has just been obtained.</summary>
    public bool RecordRedress(string status, string? kind, DateOnly? date, DateTimeOffset now)
    {
        var obtainedNow = status == "redress_obtained" && (RedressStatus != "redress_obtained" || RedressKind != kind || RedressDate != date);
        RedressStatus = status;
        RedressKind = status == "redress_obtained" ? kind : null;
        RedressDate = status == "redress_obtained" ? date : null;
        Touch(now);
        return obtainedNow;
    }

    public void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}

/// <summary>One change of a case's workflow status: who (partner and client) and when.</summary>
public sealed class CaseStatusChange : IPartnerOwned
{
    private CaseStatusChange()
    {
    }

    public Guid Id { get; private set; }
    public string PartnerId { get; private set; } = "";
    public Guid CaseId { get; private set; }
    public string? FromStatus { get; private set; }
    public string ToStatus { get; private set; } = "";
    public string ChangedBy { get; private set; } = "";
    public DateTimeOffset ChangedAt { get; private set; }

    public static CaseStatusChange Record(GrievanceCase grievanceCase, string? from, string changedBy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        PartnerId = grievanceCase.PartnerId,
        CaseId = grievanceCase.Id,
        FromStatus = from,
        ToStatus = grievanceCase.Status,
        ChangedBy = changedBy,
        ChangedAt = now,
    };
}
