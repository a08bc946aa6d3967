using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Places;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Grievances.Cases;

public sealed record SurvivorIdentity([property: MaxLength(200)] string? Name, [property: MaxLength(30)] string? Phone, [property: MaxLength(500)] string? Address);

public sealed record ConsentRequest(bool? Services, bool? Referral, bool? Reporting)
{
    public ValidationErrors Validate(ValidationErrors errors, string prefix)
    {
        if (Services is null) errors.Add($"{prefix}services", "is required (true or false).");
        if (Referral is null) errors.Add($"{prefix}referral", "is required (true or false).");
        if (Reporting is null) errors.Add($"{prefix}reporting", "is required (true or false).");
        return errors;
    }

    [JsonIgnore]
    public (bool Services, bool Referral, bool Reporting) Values => (Services!.Value, Referral!.Value, Reporting!.Value);
}

/// <summary>
/// POST /cases: opens a case. <see cref="ProgramId"/> is the program whose outcome indicators count the case's redress:
/// one the partner leads or is a member of. A case without one counts in no program's indicator.
/// </summary>
public sealed record CaseRequest(
    SurvivorIdentity? Survivor,
    Guid? BeneficiaryId,
    string? Sex,
    [property: Range(0, 120)] int? AgeAtRegistration,
    string? RiskLevel,
    [property: MaxLength(100)] string? CaseWorker,
    ConsentRequest? Consent,
    Guid? ProgramId = null)
{
    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors().Limits(this)
            .OneOf("sex", Sex, CodeLists.Sexes)
            .OneOf("riskLevel", RiskLevel, CodeLists.RiskLevels);
        if (ProgramId == Guid.Empty)
        {
            errors.Add("programId", "must be a program's id, or left out.");
        }


        if (Consent is null)
        {
            errors.Add("consent", "is required: for services, for referral and for reporting, each true or false.");
        }
        else
        {
            Consent.Validate(errors, "consent.");
        }

        return errors;
    }
}

/// <summary>POST /cases/{id}/status: moves the case in its workflow.</summary>
public sealed record StatusRequest(string? Status)
{
    public ValidationErrors Validate() => new ValidationErrors().OneOf("status", Status, CaseWorkflow.Statuses);
}

/// <summary>PUT /cases/{id}/redress.</summary>
public sealed record RedressRequest(string? Status, string? Kind, DateOnly? Date)
{
    public ValidationErrors Validate(DateOnly today)
    {
        var errors = new ValidationErrors().OneOf("status", Status, CodeLists.RedressStatuses);
        if (Status == "redress_obtained")
        {
            errors.OneOf("kind", Kind, CodeLists.RedressKinds);
            if (Date is null) errors.Add("date", "is required when redress was obtained.");
            else errors.Past("date", Date, today);
        }
        else if (Kind is not null || Date is not null)
        {
            if (Kind is not null) errors.Add("kind", "is given only when redress was obtained.");
            if (Date is not null) errors.Add("date", "is given only when redress was obtained.");
        }

        return errors;
    }
}

/// <summary>Places cases, incidents and monitoring are recorded at: any P-code of the shared gazetteer.</summary>
public static class Pcodes
{
    public static MaliGazetteer Gazetteer => MaliGazetteer.Embedded;

    public static bool IsRegion(string? pcode) => Gazetteer.TryFind(pcode, out var place) && place.Level == PlaceLevel.Region;

    public static bool IsPlace(string? pcode) => Gazetteer.TryFind(pcode, out _);

    public static string UnknownPlace => $"must be a P-code of the gazetteer {Gazetteer.Version} at any level: region ML06, cercle ML0602 or commune ML060201.";
}
