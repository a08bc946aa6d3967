using System.ComponentModel.DataAnnotations;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Iati;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Funding.Organisations;

public sealed record OrganisationRequest([property: MaxLength(200)] string? Name, [property: MaxLength(100)] string? IatiIdentifier, string? Type, string? Role)
{
    public JusticePlatform.BuildingBlocks.Http.ValidationErrors Validate()
    {
        var errors = new JusticePlatform.BuildingBlocks.Http.ValidationErrors().Limits(this);
        errors.Required("name", Name);
        if (IatiIdentifier is { Length: > 0 } id && !OrganisationIdentifiers.IsWellFormed(id.Trim()))
        {
            errors.Add("iatiIdentifier", "must be an IATI organisation identifier: a registration agency prefix and a number, such as US-GOV-1 or XM-DAC-41146.");
        }

        errors.OneOf("type", Type, Organisation.TypeCodes);
        errors.OneOf("role", Role, Organisation.Roles);
        return errors;
    }
}
