using JusticePlatform.BuildingBlocks.Partners;

namespace JusticePlatform.Grievances.Cases;

/// <summary>
/// Who may read what is declared on each endpoint, never checked here: categories by
/// <c>RequireAnyScope(GrievancesRead, GrievancesCasework)</c>, details by <c>RequireScope(GrievancesCasework)</c>.
/// </summary>
public static class GrievanceAccess
{
    /// <summary>Who acted: the partner's client, for workflow and consent records.</summary>
    public static string Actor(this ICurrentPartner partner) => partner.ClientId ?? partner.PartnerId ?? "";
}
