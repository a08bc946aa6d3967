using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;

namespace JusticePlatform.Funding.Grants;

public sealed record GrantResponse(
    Guid Id,
    string Title,
    string? IatiIdentifier,
    Guid FunderOrganisationId,
    string FunderName,
    string? FunderIatiIdentifier,
    string? FunderPartnerId,
    string RecipientPartnerId,
    Guid ProgramId,
    string ProgramLeadPartnerId,
    decimal Amount,
    string Currency,
    DateOnly StartDate,
    DateOnly EndDate,
    string Status,
    IReadOnlyList<string> SubRecipientPartnerIds,
    string RecordedBy,
    int Version,
    ConvertedFigure? Converted)
{
    public static GrantResponse From(Grant g, ConvertedFigure? converted = null) => new(
        g.Id, g.Title, g.IatiIdentifier, g.FunderOrganisationId, g.FunderName, g.FunderIatiIdentifier, g.FunderPartnerId,
        g.RecipientPartnerId, g.ProgramId, g.ProgramLeadPartnerId, g.Amount, g.Currency, g.StartDate, g.EndDate, g.Status,
        g.SubRecipientPartnerIds, g.PartnerId, g.Version, converted);
}

/// <summary>A figure converted at query time, with every rate (and its date and source) it used.</summary>
public sealed record ConvertedFigure(decimal Amount, string Currency, DateOnly ValueDate, IReadOnlyList<RateUsed> Rates, string Rounding)
{
    public const string RoundingRule = "half away from zero, to the currency's ISO 4217 minor unit (XOF, JPY: whole units; EUR, USD, GBP: cents; KWD: thousandths)";

    public static ConvertedFigure From(Conversion conversion) =>
        new(conversion.Converted.Amount, conversion.Converted.Currency, conversion.Original.ValueDate, conversion.Rates, RoundingRule);
}
