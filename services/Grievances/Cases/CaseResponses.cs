using JusticePlatform.Grievances.Incidents;
using JusticePlatform.Grievances.Protection;

namespace JusticePlatform.Grievances.Cases;

/// <summary>A case as <c>grievances.read</c> sees it: the survivor code and categories, never identity, contact or narrative.</summary>
public sealed record CaseSummary(
    Guid Id,
    string SurvivorCode,
    string Status,
    IReadOnlyList<string> NextStatuses,
    string Sex,
    string AgeBand,
    string RiskLevel,
    string? CaseWorker,
    bool ConsentForServices,
    bool ConsentForReferral,
    bool ConsentForReporting,
    string RedressStatus,
    string? RedressKind,
    DateOnly? RedressDate,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    Guid? ProgramId)
{
    public static CaseSummary From(GrievanceCase c) => new(
        c.Id, c.SurvivorCode, c.Status, CaseWorkflow.Next(c.Status), c.Sex, c.AgeBand, c.RiskLevel, c.CaseWorker,
        c.ConsentForServices, c.ConsentForReferral, c.ConsentForReporting, c.RedressStatus, c.RedressKind, c.RedressDate, c.OpenedAt, c.ClosedAt,
        c.ProgramId);
}

/// <summary>
/// A case's details, for case workers of the owning partner (<c>grievances.casework</c>); every read is audited.
/// <see cref="Erased"/>: the linked person was erased, so the link, identity, contact and narratives are gone.
/// </summary>
public sealed record CaseDetails(
    CaseSummary Case,
    SurvivorIdentity Survivor,
    Guid? BeneficiaryId,
    int? AgeAtRegistration,
    string ConsentRecordedBy,
    DateTimeOffset ConsentRecordedAt,
    IReadOnlyList<IncidentDetails> Incidents,
    bool Erased,
    DateTimeOffset? ErasedAt);

public sealed record CaseStatusChangeResponse(string? From, string To, string ChangedBy, DateTimeOffset ChangedAt);

/// <summary>Encrypts and decrypts a case's survivor data; each value is bound to its case and field.</summary>
public static class CaseSurvivorData
{
    public const string IdentityField = "case.identity";
    public const string ContactField = "case.contact";

    public static void Protect(this SurvivorDataProtector protector, GrievanceCase grievanceCase, SurvivorIdentity? survivor)
    {
        var contact = survivor?.Phone is null && survivor?.Address is null
            ? null
            : System.Text.Json.JsonSerializer.Serialize(new ContactData(survivor.Phone, survivor.Address));
        grievanceCase.SetSurvivorData(
            protector.Protect(survivor?.Name, grievanceCase.Id, IdentityField),
            protector.Protect(contact, grievanceCase.Id, ContactField));
    }

    /// <summary>The survivor's data, only the parts asked for (identity: name; contact: phone and address).</summary>
    public static SurvivorIdentity Unprotect(this SurvivorDataProtector protector, GrievanceCase grievanceCase, bool identity = true, bool contact = true)
    {
        var name = identity ? protector.Unprotect(grievanceCase.IdentityCipher, grievanceCase.Id, IdentityField) : null;
        var contactJson = contact ? protector.Unprotect(grievanceCase.ContactCipher, grievanceCase.Id, ContactField) : null;
        var data = contactJson is null ? null : System.Text.Json.JsonSerializer.Deserialize<ContactData>(contactJson);
        return new SurvivorIdentity(name, data?.Phone, data?.Address);
    }

    private sealed record ContactData(string? Phone, string? Address);
}
