using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.Funding.Appeals;

public sealed record AppealResponse(Guid Id, string Name, int Year, decimal Requirement, string Currency, int Version)
{
    public static AppealResponse From(Appeal a) => new(a.Id, a.Name, a.Year, a.Requirement, Appeal.RequirementCurrency, a.Version);
}

public sealed record ContributionResponse(Guid Id, Guid AppealId, string FunderName, string? FunderIatiIdentifier, decimal Amount, string Currency, DateOnly Date, string Status, int Version)
{
    public static ContributionResponse From(Contribution c) => new(c.Id, c.AppealId, c.FunderName, c.FunderIatiIdentifier, c.Amount, c.Currency, c.Date, c.Status, c.Version);
}
