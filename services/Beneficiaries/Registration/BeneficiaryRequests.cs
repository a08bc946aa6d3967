using System.Text.Json.Serialization;
using System.ComponentModel.DataAnnotations;
using JusticePlatform.Beneficiaries.Disaggregation;
using JusticePlatform.Beneficiaries.Duplicates;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Places;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Beneficiaries.Registration;

public sealed record ConsentRequest(bool? Given, DateOnly? Date, [property: MaxLength(20)] IReadOnlyList<string>? Scope);

public sealed record DisabilityRequest(
    [property: Range(1, 4)] int? Seeing,
    [property: Range(1, 4)] int? Hearing,
    [property: Range(1, 4)] int? Walking,
    [property: Range(1, 4)] int? Cognition,
    [property: Range(1, 4)] int? SelfCare,
    [property: Range(1, 4)] int? Communication)
{
    public WashingtonGroupAnswers ToAnswers() => new(Seeing, Hearing, Walking, Cognition, SelfCare, Communication);
}

/// <summary>How many members a group has, by sex and by child (under 18) or adult.</summary>
public sealed record GroupMembersRequest(
    [property: Range(0, GroupMembersRequest.MaxCount)] int? FemaleChildren,
    [property: Range(0, GroupMembersRequest.MaxCount)] int? MaleChildren,
    [property: Range(0, GroupMembersRequest.MaxCount)] int? FemaleAdults,
    [property: Range(0, GroupMembersRequest.MaxCount)] int? MaleAdults)
{
    public const int MaxCount = 100_000;
}

/// <summary>
/// A registration or a full update (PUT), from the API or a row of a bulk upload. Every field
/// is nullable so that a missing one is reported by name rather than as unreadable JSON.
/// </summary>
public sealed record BeneficiaryRequest(
    string? Kind,
    [property: MaxLength(100)] string? GivenName,
    [property: MaxLength(100)] string? FamilyName,
    [property: MaxLength(200)] string? GroupName,
    string? Sex,
    DateOnly? BirthDate,
    [property: Range(0, 120)] int? EstimatedAge,
    DateOnly? EstimatedAgeAt,
    DisabilityRequest? Disability,
    string? DisplacementStatus,
    [property: MaxLength(8)] string? CommunePcode,
    [property: MaxLength(20)] IReadOnlyList<string>? Vulnerabilities,
    [property: MaxLength(20)] IReadOnlyList<string>? Roles,
    [property: MaxLength(20)] string? Phone,
    ConsentRequest? Consent,
    GroupMembersRequest? Members)
{
    [JsonIgnore]
    public string KindOrDefault => Kind ?? Categories.Individual;

    public ValidationErrors Validate(DateOnly today, MaliGazetteer gazetteer)
    {
        var errors = new ValidationErrors().Limits(this).OneOf("kind", Kind, Categories.Kinds, required: false);
        var isGroup = Categories.Kinds.Contains(KindOrDefault) && Categories.IsGroup(KindOrDefault);
        if (isGroup)
        {
            ValidateGroup(errors);
        }
        else
        {
            ValidateIndividual(errors, today);
        }

        errors.OneOf("displacementStatus", DisplacementStatus, Categories.DisplacementStatuses);
        if (string.IsNullOrWhiteSpace(CommunePcode))
        {
            errors.Add("communePcode", "is required.");
        }
        else if (gazetteer.TryFind(CommunePcode, out var place) && place.Level != PlaceLevel.Commune)
        {
            errors.Add("communePcode", $"is the P-code of the {place.Level.ToString().ToLowerInvariant()} {place.Name}: a registration is recorded at commune level (for example ML060201).");
        }
        else if (!gazetteer.TryFindCommune(CommunePcode, out _))
        {
            errors.Add("communePcode", $"is not a commune P-code of the gazetteer {gazetteer.Version} (for example ML060201).");
        }

        errors.EachOneOf("vulnerabilities", Vulnerabilities, Categories.Vulnerabilities)
            .EachOneOf("roles", Roles, Categories.Roles);
        if (!string.IsNullOrWhiteSpace(Phone) && MatchKeys.NormalisePhone(Phone) is null)
        {
            errors.Add("phone", "must be a Mali phone number: eight digits, optionally after +223.");
        }

        ValidateConsent(errors, today);
        return errors;
    }

    private void ValidateIndividual(ValidationErrors errors, DateOnly today)
    {
        errors.Required("givenName", GivenName).Name("givenName", GivenName)
            .Required("familyName", FamilyName).Name("familyName", FamilyName)
            .OneOf("sex", Sex, Categories.Sexes);
        if (GroupName is not null) errors.Add("groupName", "is only for groups (association, cooperative, household).");
        if (Members is not null) errors.Add("members", "is only for groups (association, cooperative, household).");

        if (BirthDate is { } birthDate)
        {
            errors.Past("birthDate", birthDate, today);
            if (birthDate >= Dates.Earliest && birthDate < today.AddYears(-120))
            {
                errors.Add("birthDate", "must be a date in the last 120 years.");
            }

            if (EstimatedAge is not null)
            {
                errors.Add("estimatedAge", "give either birthDate or estimatedAge, not both.");
            }
        }
        else if (EstimatedAge is not null)
        {
            errors.Past("estimatedAgeAt", EstimatedAgeAt, today);
        }
        else
        {
            errors.Add("birthDate", "is required, or estimatedAge when the birth date is unknown.");
        }

        if (Disability is not null)
        {
            foreach (var (domain, answer) in Disability.ToAnswers().Domains)
            {
                if (answer is { } value && !WashingtonGroup.IsValidAnswer(value))
                {
                    errors.Add($"disability.{domain}", "must be 1 (no difficulty), 2 (some), 3 (a lot of difficulty) or 4 (cannot do at all).");
                }
            }
        }
    }

    private void ValidateGroup(ValidationErrors errors)
    {
        errors.Required("groupName", GroupName).Name("groupName", GroupName);
        if (GivenName is not null || FamilyName is not null || BirthDate is not null || EstimatedAge is not null)
        {
            errors.Add("kind", "a group has a groupName and members, not a person's names or age.");
        }

        if (Members is null)
        {
            errors.Add("members", "is required for a group: counts of female and male children and adults.");
            return;
        }

        int?[] counts = [Members.FemaleChildren, Members.MaleChildren, Members.FemaleAdults, Members.MaleAdults];
        if (counts.Any(c => c is < 0 or > GroupMembersRequest.MaxCount)) return;
        if (counts.Sum(c => c ?? 0) == 0) errors.Add("members", "a group has at least one member.");
    }

    private void ValidateConsent(ValidationErrors errors, DateOnly today)
    {
        if (Consent is null)
        {
            errors.Add("consent", "is required.");
            return;
        }

        if (Consent.Given is not true)
        {
            errors.Add("consent.given", "a beneficiary can only be registered with their consent.");
        }

        errors.Past("consent.date", Consent.Date, today);

        errors.EachOneOf("consent.scope", Consent.Scope, Categories.ConsentScopes);
    }
}
