using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace JusticePlatform.BuildingBlocks.Partners;

/// <summary>The partner organisation (and its API client) on whose behalf the current request runs.</summary>
public interface ICurrentPartner
{
    /// <summary>Null outside a partner's request: in consumers and background work, which see every record.</summary>
    string? PartnerId { get; }

    string? ClientId { get; }

    bool HasScope(string scope);
}

/// <summary>Claim names in the access tokens the identity service issues.</summary>
public static class PartnerClaims
{
    public const string PartnerId = "partner_id";
    public const string ClientId = "client_id";
    public const string Scope = "scope";

    public static IEnumerable<string> Scopes(ClaimsPrincipal user) =>
        user.FindAll(Scope).SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>The scopes a partner's client can be granted.</summary>
public static class Scopes
{
    public const string BeneficiariesRead = "beneficiaries.read";
    public const string BeneficiariesWrite = "beneficiaries.write";
    public const string ActivitiesRead = "activities.read";
    public const string ActivitiesWrite = "activities.write";
    /// <summary>Cases and incidents without identity, contact or narrative: survivor codes and categories only.</summary>
    public const string GrievancesRead = "grievances.read";

    /// <summary>Creating and changing cases, and reading the details (identity, contact, narratives) of the partner's own cases.</summary>
    public const string GrievancesCasework = "grievances.casework";

    /// <summary>Referring a case without the survivor's consent for referral: a separate, recorded permission.</summary>
    public const string GrievancesConsentOverride = "grievances.consent_override";
    public const string FundingRead = "funding.read";
    public const string FundingWrite = "funding.write";

    /// <summary>Figures across all partners, for program officers and donors.</summary>
    public const string ProgramOfficer = "reports.all_partners";

    public const string Admin = "admin";

    public static readonly string[] All =
    [
        BeneficiariesRead, BeneficiariesWrite, ActivitiesRead, ActivitiesWrite, GrievancesRead, GrievancesCasework, GrievancesConsentOverride,
        FundingRead, FundingWrite, ProgramOfficer, Admin,
    ];
}

internal sealed class HttpCurrentPartner(IHttpContextAccessor accessor) : ICurrentPartner
{
    private ClaimsPrincipal? User => accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user ? user : null;

    public string? PartnerId => User?.FindFirst(PartnerClaims.PartnerId)?.Value;

    public string? ClientId => User?.FindFirst(PartnerClaims.ClientId)?.Value ?? User?.FindFirst("sub")?.Value;

    public bool HasScope(string scope) => User is { } user && PartnerClaims.Scopes(user).Contains(scope);
}
