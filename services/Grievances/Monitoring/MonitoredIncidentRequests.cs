using System.ComponentModel.DataAnnotations;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.Grievances.Cases;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Grievances.Monitoring;

/// <summary>POST /monitored-incidents (or one item of /monitored-incidents/batch): a place, a date, categories, the consent for reporting.</summary>
public sealed record MonitoredIncidentRequest(
    string? Type,
    DateOnly? Date,
    [property: MaxLength(4)] string? RegionPcode,
    [property: MaxLength(8)] string? CommunePcode,
    string? PerpetratorCategory,
    bool? ConsentForReporting)
{
    /// <param name="prefix">"" for one incident, "[3]." for the fourth of a batch.</param>
    public ValidationErrors Validate(DateOnly today, ValidationErrors? errors = null, string prefix = "")
    {
        errors ??= new ValidationErrors();
        errors.Limits(this, prefix.TrimEnd('.'));
        errors.OneOf($"{prefix}type", Type, CodeLists.IncidentTypes)
            .OneOf($"{prefix}perpetratorCategory", PerpetratorCategory, CodeLists.PerpetratorCategories, required: false);
        if (Date is null) errors.Add($"{prefix}date", "is required.");
        else errors.Past($"{prefix}date", Date, today);
        if (ConsentForReporting is null) errors.Add($"{prefix}consentForReporting", "is required (true or false).");
        if (string.IsNullOrWhiteSpace(RegionPcode) && string.IsNullOrWhiteSpace(CommunePcode))
        {
            errors.Add($"{prefix}regionPcode", "or communePcode is required.");
        }

        if (!string.IsNullOrWhiteSpace(RegionPcode) && !Pcodes.IsRegion(RegionPcode))
        {
            errors.Add($"{prefix}regionPcode", "must be a known region P-code: ML and two digits (ML07).");
        }

        if (!string.IsNullOrWhiteSpace(CommunePcode) && !Pcodes.IsPlace(CommunePcode))
        {
            errors.Add($"{prefix}communePcode", Pcodes.UnknownPlace);
        }
        else if (!string.IsNullOrWhiteSpace(CommunePcode) && !string.IsNullOrWhiteSpace(RegionPcode) && CommunePcode[..4] != RegionPcode)
        {
            errors.Add($"{prefix}communePcode", "is not in the region regionPcode names.");
        }

        return errors;
    }
}

/// <summary>A monitored incident as recorded.</summary>
public sealed record MonitoredIncidentSummary(
    Guid Id, string Type, DateOnly Date, string RegionPcode, string? CommunePcode, string? PerpetratorCategory, bool ConsentForReporting,
    DateTimeOffset RecordedAt)
{
    public static MonitoredIncidentSummary From(MonitoredIncident i) =>
        new(i.Id, i.Type, i.Date, i.RegionPcode, i.CommunePcode, i.PerpetratorCategory, i.ConsentForReporting, i.RecordedAt);
}
