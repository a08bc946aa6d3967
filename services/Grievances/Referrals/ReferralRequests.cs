using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.Grievances.Cases;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Grievances.Referrals;

public sealed record ExternalBodyRequest(string? Kind, [property: MaxLength(200)] string? Name);

/// <summary>Referring without the survivor's consent: the reason (a code) and an optional note, kept encrypted.</summary>
public sealed record ConsentOverrideRequest(string? Reason, [property: MaxLength(2000)] string? Note);

/// <summary>POST /cases/{id}/referrals: to a partner on the platform (toPartnerId) or to a body outside it (externalBody).</summary>
public sealed partial record ReferralRequest(
    string? ServiceType,
    [property: MaxLength(100)] string? ToPartnerId,
    ExternalBodyRequest? ExternalBody,
    [property: MaxLength(20)] List<string>? Shares,
    ConsentOverrideRequest? ConsentOverride)
{
    public ValidationErrors Validate(string ownPartnerId)
    {
        var errors = new ValidationErrors().Limits(this)
            .OneOf("serviceType", ServiceType, CodeLists.ServiceTypes)
            .EachOneOf("shares", Shares, CodeLists.SharedParts);
        switch (ToPartnerId, ExternalBody)
        {
            case (null, null):
                errors.Add("toPartnerId", "is required, or else externalBody.");
                break;
            case (not null, not null):
                errors.Add("externalBody", "is given only when toPartnerId is not.");
                break;
            case (not null, null):
                if (!PartnerIdShape().IsMatch(ToPartnerId)) errors.Add("toPartnerId", "must be a partner id: lower-case letters, digits and dashes.");
                else if (ToPartnerId == ownPartnerId) errors.Add("toPartnerId", "must be another partner.");
                break;
            case (null, not null):
                errors.OneOf("externalBody.kind", ExternalBody.Kind, CodeLists.ExternalBodyKinds)
                    .Required("externalBody.name", ExternalBody.Name);
                break;
        }

        if (ConsentOverride is not null)
        {
            errors.OneOf("consentOverride.reason", ConsentOverride.Reason, CodeLists.OverrideReasons);
        }

        return errors;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    private static partial Regex PartnerIdShape();
}
