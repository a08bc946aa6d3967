using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Iati;

namespace JusticePlatform.Activities.Programs;

/// <summary>A member of the consortium and whether it accepted the lead's invitation (invited, accepted, declined).</summary>
public sealed record MemberResponse(string PartnerId, string Role, string Status);

/// <summary>An invitation to join a program, as the invited partner sees it before it answers.</summary>
public sealed record InvitationResponse(Guid ProgramId, string Code, string TitleFr, string LeadPartnerId, string Role);

public sealed record ProgramResponse(
    Guid Id, string Code, string TitleFr, string? TitleEn, string LeadPartnerId, IReadOnlyList<MemberResponse> Members,
    IReadOnlyList<string> FunderIds, IReadOnlyList<string> SectorCodes, IReadOnlyList<string> CommunePcodes,
    DateOnly StartDate, DateOnly EndDate, string Status, int Version,
    string? DescriptionFr, string? DescriptionEn, string? ReportingOrgRef, string? IatiIdentifier)
{
    public static ProgramResponse From(ActivityProgram p) => new(
        p.Id, p.Code, p.TitleFr, p.TitleEn, p.PartnerId,
        p.Members.OrderBy(m => m.Role != MemberRoles.Lead).ThenBy(m => m.PartnerId).Select(m => new MemberResponse(m.PartnerId, m.Role, m.Status)).ToList(),
        p.FunderIds, p.SectorCodes, p.CommunePcodes, p.StartDate, p.EndDate, p.Status, p.Version,
        p.DescriptionFr, p.DescriptionEn, p.ReportingOrgRef, p.IatiIdentifier);
}
