using JusticePlatform.Beneficiaries.Disaggregation;
using JusticePlatform.Beneficiaries.Duplicates;

namespace JusticePlatform.Beneficiaries.Registration;

public sealed record ConsentResponse(bool Given, DateOnly? Date, IReadOnlyList<string> Scope);

/// <summary>A record as its owning partner sees it. The age band is computed for today.</summary>
public sealed record BeneficiaryResponse(
    Guid Id,
    string Code,
    string Kind,
    string Status,
    Guid? MergedIntoId,
    string? GivenName,
    string? FamilyName,
    string? GroupName,
    string Sex,
    DateOnly? BirthDate,
    int? EstimatedAge,
    DateOnly? EstimatedAgeAt,
    string AgeBand,
    DisabilityRequest Disability,
    bool HasDisability,
    string DisplacementStatus,
    string Adm1Pcode,
    string Adm2Pcode,
    string CommunePcode,
    string GazetteerVersion,
    IReadOnlyList<string> Vulnerabilities,
    IReadOnlyList<string> Roles,
    string? Phone,
    ConsentResponse Consent,
    GroupMembersRequest? Members,
    DateTimeOffset RegisteredAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<PossibleDuplicate>? PossibleDuplicates = null)
{
    public static BeneficiaryResponse From(Beneficiary b, DateOnly today, IReadOnlyList<PossibleDuplicate>? duplicates = null) => new(
        b.Id, b.Code, b.Kind, b.Status, b.MergedIntoId, b.GivenName, b.FamilyName, b.GroupName, b.Sex,
        b.BirthDate, b.EstimatedAge, b.EstimatedAgeAt, AgeBands.LabelOf(b.ReferenceBirthDate, today),
        new DisabilityRequest(b.DisabilitySeeing, b.DisabilityHearing, b.DisabilityWalking, b.DisabilityCognition, b.DisabilitySelfCare, b.DisabilityCommunication),
        b.HasDisability, b.DisplacementStatus, b.Adm1Pcode, b.Adm2Pcode, b.CommunePcode, b.GazetteerVersion,
        b.Vulnerabilities, b.Roles, b.Phone, new ConsentResponse(b.ConsentGiven, b.ConsentDate, b.ConsentScope),
        b.Members is { } m ? new GroupMembersRequest(m.FemaleChildren, m.MaleChildren, m.FemaleAdults, m.MaleAdults) : null,
        b.RegisteredAt, b.UpdatedAt, duplicates);
}
