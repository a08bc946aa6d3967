using JusticePlatform.BuildingBlocks.Partners;

namespace JusticePlatform.Grievances.Cases;

/// <summary>The two reading levels: categories (<c>grievances.read</c> or casework) and details (<c>grievances.casework</c> only).</summary>
public static class GrievanceAccess
{
    public static bool CanReadCategories(this ICurrentPartner partner) =>
        partner.HasScope(Scopes.GrievancesRead) || partner.HasScope(Scopes.GrievancesCasework);

    public static bool CanReadDetails(this ICurrentPartner partner) => partner.HasScope(Scopes.GrievancesCasework);

    /// <summary>Who acted: the partner's client, for workflow and consent records.</summary>
    public static string Actor(this ICurrentPartner partner) => partner.ClientId ?? partner.PartnerId ?? "";
}
