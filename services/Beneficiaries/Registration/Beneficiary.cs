using System.Security.Cryptography;
using JusticePlatform.Beneficiaries.Disaggregation;
using JusticePlatform.Beneficiaries.Duplicates;
using JusticePlatform.BuildingBlocks.Places;
using JusticePlatform.BuildingBlocks.Partners;

namespace JusticePlatform.Beneficiaries.Registration;

public static class BeneficiaryStatus
{
    public const string Active = "active";
    public const string Merged = "merged";
    public const string Erased = "erased";

    public static readonly IReadOnlyList<string> All = [Active, Merged, Erased];
}

/// <summary>How many members a group has, by sex and by child (under 18) or adult.</summary>
public sealed class GroupMembers
{
    public int FemaleChildren { get; set; }
    public int MaleChildren { get; set; }
    public int FemaleAdults { get; set; }
    public int MaleAdults { get; set; }
    public int Total => FemaleChildren + MaleChildren + FemaleAdults + MaleAdults;
}

/// <summary>
/// A person or group a program serves. Names, phone and birth date (or estimated age) are
/// personal data: they are only ever returned to the owning partner and are removed on erasure.
/// Everything else is a disaggregation category and survives erasure.
/// </summary>
public sealed class Beneficiary : IPartnerOwned
{
    private const string CodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private Beneficiary()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Human-readable code, safe to print on lists and cards (BEN-XXXXXXXXXX, Crockford base 32).</summary>
    public string Code { get; private set; } = "";

    public string PartnerId { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public string Status { get; private set; } = BeneficiaryStatus.Active;
    public Guid? MergedIntoId { get; private set; }

    /// <summary>Bumped on every change; the ETag of the record.</summary>
    public int Version { get; private set; }

    // Personal data.
    public string? GivenName { get; private set; }
    public string? FamilyName { get; private set; }
    public string? GroupName { get; private set; }
    public DateOnly? BirthDate { get; private set; }
    public int? EstimatedAge { get; private set; }
    public DateOnly? EstimatedAgeAt { get; private set; }
    public string? Phone { get; private set; }

    // Disaggregation categories.
    public string Sex { get; private set; } = "";

    /// <summary>The birth date that age bands are computed from: the given one, or one standing for the estimated age.</summary>
    public DateOnly? ReferenceBirthDate { get; private set; }

    public int? DisabilitySeeing { get; private set; }
    public int? DisabilityHearing { get; private set; }
    public int? DisabilityWalking { get; private set; }
    public int? DisabilityCognition { get; private set; }
    public int? DisabilitySelfCare { get; private set; }
    public int? DisabilityCommunication { get; private set; }
    public bool HasDisability { get; private set; }
    public string DisplacementStatus { get; private set; } = "";
    public string Adm1Pcode { get; private set; } = "";
    public string Adm2Pcode { get; private set; } = "";
    public string CommunePcode { get; private set; } = "";
    public string GazetteerVersion { get; private set; } = "";
    public List<string> Vulnerabilities { get; private set; } = [];
    public List<string> Roles { get; private set; } = [];
    public GroupMembers? Members { get; private set; }

    public bool ConsentGiven { get; private set; }
    public DateOnly? ConsentDate { get; private set; }
    public List<string> ConsentScope { get; private set; } = [];

    // Hashed duplicate-matching keys (see MatchKeys); removed on erasure.
    public string? PersonKey { get; private set; }
    public string? PhoneKey { get; private set; }

    /// <summary>The bulk upload that created the record, if any.</summary>
    public Guid? ImportId { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? ErasedAt { get; private set; }

    public int? BirthYear => ReferenceBirthDate?.Year;

    /// <summary>Registers a validated request.</summary>
    public static Beneficiary Register(string partnerId, BeneficiaryRequest request, Commune commune, string gazetteerVersion, MatchKeys keys, DateTimeOffset now, Guid? importId = null)
    {
        var beneficiary = new Beneficiary
        {
            Id = Guid.CreateVersion7(now),
            Code = NewCode(),
            PartnerId = partnerId,
            Kind = request.KindOrDefault,
            RegisteredAt = now,
            ImportId = importId,
        };
        beneficiary.Apply(request, commune, gazetteerVersion, keys, now);
        return beneficiary;
    }

    /// <summary>Replaces everything the partner can change (a PUT) with a validated request.</summary>
    public void Update(BeneficiaryRequest request, Commune commune, string gazetteerVersion, MatchKeys keys, DateTimeOffset now)
    {
        Kind = request.KindOrDefault;
        Apply(request, commune, gazetteerVersion, keys, now);
        Version++;
    }

    private void Apply(BeneficiaryRequest request, Commune commune, string gazetteerVersion, MatchKeys keys, DateTimeOffset now)
    {
        var isGroup = Categories.IsGroup(Kind);
        GivenName = Clean(request.GivenName);
        FamilyName = Clean(request.FamilyName);
        GroupName = Clean(request.GroupName);
        Sex = isGroup ? "unknown" : request.Sex!;
        BirthDate = request.BirthDate;
        EstimatedAge = request.BirthDate is null ? request.EstimatedAge : null;
        EstimatedAgeAt = EstimatedAge is null ? null : request.EstimatedAgeAt ?? DateOnly.FromDateTime(now.UtcDateTime);
        ReferenceBirthDate = BirthDate ?? (EstimatedAge is { } age ? AgeBands.BirthDateFromEstimate(age, EstimatedAgeAt!.Value) : null);

        var answers = request.Disability?.ToAnswers() ?? WashingtonGroupAnswers.None;
        (DisabilitySeeing, DisabilityHearing, DisabilityWalking) = (answers.Seeing, answers.Hearing, answers.Walking);
        (DisabilityCognition, DisabilitySelfCare, DisabilityCommunication) = (answers.Cognition, answers.SelfCare, answers.Communication);
        HasDisability = WashingtonGroup.HasDisability(answers);

        DisplacementStatus = request.DisplacementStatus!;
        (Adm1Pcode, Adm2Pcode, CommunePcode, GazetteerVersion) = (commune.Adm1Pcode, commune.Adm2Pcode, commune.Adm3Pcode, gazetteerVersion);
        Vulnerabilities = request.Vulnerabilities?.Distinct().ToList() ?? [];
        Roles = request.Roles?.Distinct().ToList() ?? [];
        Members = isGroup && request.Members is { } m
            ? new GroupMembers { FemaleChildren = m.FemaleChildren ?? 0, MaleChildren = m.MaleChildren ?? 0, FemaleAdults = m.FemaleAdults ?? 0, MaleAdults = m.MaleAdults ?? 0 }
            : null;

        Phone = MatchKeys.NormalisePhone(request.Phone);
        ConsentGiven = request.Consent?.Given is true;
        ConsentDate = request.Consent?.Date ?? DateOnly.FromDateTime(now.UtcDateTime);
        ConsentScope = request.Consent?.Scope?.Distinct().ToList() ?? ["registration"];

        PersonKey = isGroup ? null : keys.PersonKey(GivenName, FamilyName, Sex, BirthYear, CommunePcode);
        PhoneKey = keys.PhoneKey(Phone);
        UpdatedAt = now;
    }

    /// <summary>This record was the same as <paramref name="survivorId"/>: it now only points there.</summary>
    public void MergeInto(Guid survivorId, DateTimeOffset now)
    {
        Status = BeneficiaryStatus.Merged;
        MergedIntoId = survivorId;
        PersonKey = null;
        PhoneKey = null;
        UpdatedAt = now;
        Version++;
    }

    /// <summary>
    /// Removes the personal data and keeps the categories. The age band stays right (to the
    /// year) because the reference birth date is kept as the middle of its year only.
    /// </summary>
    public void Erase(DateTimeOffset now)
    {
        GivenName = FamilyName = GroupName = Phone = PersonKey = PhoneKey = null;
        // Statistics need sex, age band, disability, displacement and commune only: the rest
        // (a GBV-survivor vulnerability, a religious role) could single the person out.
        Vulnerabilities = [];
        Roles = [];
        BirthDate = EstimatedAgeAt = null;
        EstimatedAge = null;
        ReferenceBirthDate = ReferenceBirthDate is { } born ? new DateOnly(born.Year, 7, 1) : null;
        Status = BeneficiaryStatus.Erased;
        ErasedAt = now;
        UpdatedAt = now;
        Version++;
    }

    /// <summary>Trimmed and in Unicode's composed form, so "Maïga" typed two ways is stored, matched and searched as one.</summary>
    private static string? Clean(string? name) => name?.Trim().Normalize(System.Text.NormalizationForm.FormC);

    private static string NewCode()
    {
        // 50 random bits: no collision to fear at millions of records, unlike a cut GUID.
        Span<byte> bytes = stackalloc byte[10];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[10];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = CodeAlphabet[bytes[i] & 31];
        }

        return "BEN-" + new string(chars);
    }
}
