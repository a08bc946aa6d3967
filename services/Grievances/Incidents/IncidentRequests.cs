using System.ComponentModel.DataAnnotations;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.Grievances.Cases;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Grievances.Incidents;

/// <summary>POST /cases/{id}/incidents.</summary>
public sealed record IncidentRequest(
    string? Type,
    DateOnly? Date,
    bool? DateIsApproximate,
    [property: MaxLength(8)] string? CommunePcode,
    string? PerpetratorCategory,
    [property: MaxLength(IncidentRequest.MaxNarrativeLength)] string? Narrative,
    Guid? MonitoredIncidentId = null)
{
    public const int MaxNarrativeLength = 20_000;

    public ValidationErrors Validate(DateOnly today)
    {
        var errors = new ValidationErrors().Limits(this)
            .OneOf("type", Type, CodeLists.IncidentTypes)
            .OneOf("perpetratorCategory", PerpetratorCategory, CodeLists.PerpetratorCategories);
        if (Date is null) errors.Add("date", "is required (an approximate date with dateIsApproximate: true).");
        else errors.Past("date", Date, today);
        if (string.IsNullOrWhiteSpace(CommunePcode)) errors.Add("communePcode", "is required.");
        else if (!Pcodes.IsPlace(CommunePcode)) errors.Add("communePcode", Pcodes.UnknownPlace);
        return errors;
    }
}
