using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Partners;

namespace JusticePlatform.Identity.Partners;

/// <summary>The scopes a partner's client can be granted, as a code list with what each lets the client do.</summary>
public static class ScopeCodes
{
    public static readonly CodeList All = new("scope", ["scopes"],
        (Scopes.BeneficiariesRead, "Read the partner's beneficiaries"),
        (Scopes.BeneficiariesWrite, "Register and change the partner's beneficiaries"),
        (Scopes.ActivitiesRead, "Read the partner's programs and activities"),
        (Scopes.ActivitiesWrite, "Record and change the partner's programs and activities"),
        (Scopes.GrievancesRead, "Read cases and incidents by categories, without survivor details"),
        (Scopes.GrievancesCasework, "Manage the partner's cases, with survivor details"),
        (Scopes.GrievancesConsentOverride, "Refer a case without the survivor's consent, for a recorded reason"),
        (Scopes.FundingRead, "Read the partner's funding"),
        (Scopes.FundingWrite, "Record and change the partner's funding"),
        (Scopes.ProgramOfficer, "Read aggregate reports across every partner"),
        (Scopes.Admin, "Administer partners, their clients and the audit trail"));
}
