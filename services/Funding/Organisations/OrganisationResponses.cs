using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Iati;

namespace JusticePlatform.Funding.Organisations;

public sealed record OrganisationResponse(Guid Id, string Name, string? IatiIdentifier, string Type, string IatiTypeCode, string Role, int Version)
{
    public static OrganisationResponse From(Organisation o) => new(o.Id, o.Name, o.IatiIdentifier, o.Type, o.IatiTypeCode, o.Role, o.Version);
}
