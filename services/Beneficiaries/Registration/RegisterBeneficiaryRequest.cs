using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.Beneficiaries.Registration;

public sealed record ConsentRequest(bool Given, DateOnly? Date);

/// <summary>Every field is nullable so that a missing one is reported by name rather than as unreadable JSON.</summary>
public sealed record RegisterBeneficiaryRequest(
    string? Kind,
    string? GivenName,
    string? FamilyName,
    string? Sex,
    DateOnly? BirthDate,
    string? DisplacementStatus,
    string? CommunePcode,
    ConsentRequest? Consent)
{
    public static readonly string[] Kinds = ["individual", "association", "cooperative", "household"];
    public static readonly string[] Sexes = ["female", "male", "other", "unknown"];
    public static readonly string[] DisplacementStatuses = ["host", "idp", "refugee", "returnee", "idp_returnee"];

    public ValidationErrors Validate(DateOnly today)
    {
        var errors = new ValidationErrors()
            .OneOf("kind", Kind, Kinds, required: false)
            .Required("givenName", GivenName).MaxLength("givenName", GivenName, 100)
            .Required("familyName", FamilyName).MaxLength("familyName", FamilyName, 100)
            .OneOf("sex", Sex, Sexes)
            .OneOf("displacementStatus", DisplacementStatus, DisplacementStatuses);

        if (BirthDate is { } birthDate && (birthDate > today || birthDate < today.AddYears(-120)))
        {
            errors.Add("birthDate", "must be a date in the last 120 years and not in the future.");
        }

        if (string.IsNullOrWhiteSpace(CommunePcode))
        {
            errors.Add("communePcode", "is required.");
        }
        else if (!IsCommunePcode(CommunePcode))
        {
            errors.Add("communePcode", "must be a Mali commune P-code such as ML060501.");
        }

        if (Consent is null)
        {
            errors.Add("consent", "is required.");
        }
        else if (!Consent.Given)
        {
            errors.Add("consent.given", "a beneficiary can only be registered with their consent.");
        }

        return errors;
    }

    private static bool IsCommunePcode(string value) =>
        value.Length == 8 && value.StartsWith("ML", StringComparison.Ordinal) && value[2..].All(char.IsAsciiDigit);
}
