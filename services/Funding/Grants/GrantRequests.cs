using System.ComponentModel.DataAnnotations;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Funding.Grants;

/// <summary>A grant as a partner records or updates it. The currency is fixed at creation.</summary>
public sealed record GrantRequest(
    [property: MaxLength(300)] string? Title,
    [property: MaxLength(150)] string? IatiIdentifier,
    Guid? FunderOrganisationId,
    [property: MaxLength(100)] string? FunderPartnerId,
    [property: MaxLength(100)] string? RecipientPartnerId,
    Guid? ProgramId,
    [property: MaxLength(100)] string? ProgramLeadPartnerId,
    decimal? Amount,
    string? Currency,
    DateOnly? StartDate,
    DateOnly? EndDate,
    string? Status,
    [property: MaxLength(50), ItemMaxLength(100)] IReadOnlyList<string>? SubRecipientPartnerIds = null)
{
    public ValidationErrors Validate(string callerPartnerId, DateOnly today)
    {
        var errors = new ValidationErrors().Limits(this);
        errors.Required("title", Title);
        if (FunderOrganisationId is null || FunderOrganisationId == Guid.Empty)
        {
            errors.Add("funderOrganisationId", "is required.");
        }

        errors.Required("recipientPartnerId", RecipientPartnerId);
        errors.Required("programLeadPartnerId", ProgramLeadPartnerId);
        if (ProgramId is null || ProgramId == Guid.Empty)
        {
            errors.Add("programId", "is required.");
        }

        foreach (var (field, message) in Money.Problems(Amount, Currency, "amount", "currency"))
        {
            errors.Add(field, message);
        }

        if (StartDate is null)
        {
            errors.Add("startDate", "is required.");
        }

        if (EndDate is null)
        {
            errors.Add("endDate", "is required.");
        }
        else if (StartDate is { } start && EndDate < start)
        {
            errors.Add("endDate", "must not be before startDate.");
        }

        errors.Planned("startDate", StartDate, today).Planned("endDate", EndDate, today);

        errors.OneOf("status", Status, Grant.Statuses);

        var subRecipients = SubRecipientPartnerIds ?? [];
        for (var i = 0; i < subRecipients.Count; i++)
        {
            errors.Required($"subRecipientPartnerIds[{i}]", subRecipients[i]);
        }

        if (!string.IsNullOrWhiteSpace(RecipientPartnerId) && callerPartnerId != RecipientPartnerId && callerPartnerId != FunderPartnerId)
        {
            errors.Add("recipientPartnerId", "the grant is recorded by its recipient or by its funder's partner (funderPartnerId).");
        }

        return errors;
    }
}
