using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Activities.Programs;
using JusticePlatform.Activities.Reach;
using JusticePlatform.BuildingBlocks.Http;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Activities.FieldActivities;

public sealed record ActivityRequest(
    Guid? ProgramId, [property: MaxLength(300)] string? Title, string? Type, [property: MaxLength(50)] IReadOnlyList<Guid>? ResultIds, [property: MaxLength(50)] IReadOnlyList<Guid>? IndicatorIds,
    [property: MaxLength(8)] string? CommunePcode, DateOnly? PlannedStart, DateOnly? PlannedEnd, MoneyRequest? PlannedCost, Guid? BudgetLineId)
{
    public ValidationErrors Validate(DateOnly today)
    {
        var errors = new ValidationErrors().Limits(this)
            .Required("title", Title)
            .OneOf("type", Type, ActivityTypes.All);
        if (ProgramId is null) errors.Add("programId", "is required.");
        if (CommunePcode is null || !Codes.Pcode().IsMatch(CommunePcode))
        {
            errors.Add("communePcode", "is required: the P-code of the place at any level (region ML06, cercle ML0602 or commune ML060201).");
        }

        if (PlannedStart is null) errors.Add("plannedStart", "is required.");
        if (PlannedEnd is null) errors.Add("plannedEnd", "is required.");
        else if (PlannedStart is { } start && PlannedEnd < start) errors.Add("plannedEnd", "must not be before plannedStart.");
        errors.Planned("plannedStart", PlannedStart, today).Planned("plannedEnd", PlannedEnd, today);
        PlannedCost?.Validate("plannedCost", errors, Dates.LatestPlanned(today));
        return errors;
    }
}

public sealed record StartRequest(DateOnly? ActualStart);

public sealed record CompleteRequest(DateOnly? ActualStart, DateOnly? ActualEnd, MoneyRequest? ActualCost)
{
    public ValidationErrors Validate(DateOnly? startedOn, DateOnly today)
    {
        var errors = new ValidationErrors();
        var start = ActualStart ?? startedOn;
        if (start is null) errors.Add("actualStart", "is required when the activity was not started first.");
        if (ActualEnd is not { } end) errors.Add("actualEnd", "is required.");
        else if (start is { } s && end < s) errors.Add("actualEnd", "must not be before actualStart.");
        errors.Past("actualStart", ActualStart, today).Past("actualEnd", ActualEnd, today);
        ActualCost?.Validate("actualCost", errors, today);
        return errors;
    }
}

public sealed record AttendanceRequest([property: MaxLength(AttendanceRequest.MaxPerRequest)] IReadOnlyList<Guid>? BeneficiaryIds)
{
    public const int MaxPerRequest = 5000;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors().Limits(this);
        if (BeneficiaryIds is not { Count: > 0 }) errors.Add("beneficiaryIds", "is required: at least one beneficiary id.");
        else if (BeneficiaryIds.Any(id => id == Guid.Empty)) errors.Add("beneficiaryIds", "holds an empty id.");
        return errors;
    }
}

/// <summary>
/// One cell of aggregate reach. Disability is <see cref="Disability"/> (yes, no or unknown) or, as
/// before it existed, <see cref="HasDisability"/>; with neither, no. A displacement status left out is unknown.
/// </summary>
public sealed record ReachCellRequest(string? Sex, string? AgeBand, bool? HasDisability, string? DisplacementStatus, [property: Range(0, ReachCellRequest.MaxCount)] int? Count, string? Disability = null)
{
    public const int MaxCount = 10_000_000;

    [JsonIgnore]
    public string DisabilityOrDefault => Disability ?? Disaggregation.DisabilityOf(HasDisability ?? false);

    [JsonIgnore]
    public string DisplacementOrDefault => DisplacementStatus ?? Disaggregation.UnknownValue;
}

public sealed record ReachRequest([property: MaxLength(ReachRequest.MaxCells)] IReadOnlyList<ReachCellRequest>? Cells)
{
    /// <summary>Every combination of sex, age band, disability and displacement status, and more.</summary>
    public const int MaxCells = 1000;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors().Limits(this);
        if (Cells is null) return errors.Add("cells", "is required (an empty list clears the counts).");
        for (var i = 0; i < Cells.Count; i++)
        {
            var cell = Cells[i];
            errors.OneOf($"cells[{i}].sex", cell.Sex, Disaggregation.Sexes)
                .OneOf($"cells[{i}].ageBand", cell.AgeBand, AgeBandAt.Labels)
                .OneOf($"cells[{i}].disability", cell.Disability, Disaggregation.Disabilities, required: false)
                .OneOf($"cells[{i}].displacementStatus", cell.DisplacementStatus, Disaggregation.DisplacementStatuses, required: false);
            if (cell is { HasDisability: { } has, Disability: { } disability } && disability != Disaggregation.DisabilityOf(has))
            {
                errors.Add($"cells[{i}].disability", "contradicts hasDisability: give one of them.");
            }

            if (cell.Count is null) errors.Add($"cells[{i}].count", "is required.");
            if (Cells.Take(i).Any(c => c.Sex == cell.Sex && c.AgeBand == cell.AgeBand && c.DisabilityOrDefault == cell.DisabilityOrDefault
                                        && c.DisplacementOrDefault == cell.DisplacementOrDefault))
            {
                errors.Add($"cells[{i}]", "repeats an earlier cell.");
            }
        }

        return errors;
    }
}

public sealed record MoneyRequest(decimal? Amount, string? Currency, DateOnly? ValueDate)
{
    /// <param name="latestValueDate">The latest plausible value date: today for what was spent, some years ahead for what is planned.</param>
    public void Validate(string field, ValidationErrors errors, DateOnly latestValueDate)
    {
        if (Amount is not { } amount)
        {
            errors.Add($"{field}.amount", "is required.");
        }
        else if (amount < 0 || amount > 1_000_000_000_000m)
        {
            errors.Add($"{field}.amount", "must be between 0 and 1000000000000.");
        }
        else if (decimal.Round(amount, 2) != amount)
        {
            errors.Add($"{field}.amount", "has at most two decimals.");
        }

        errors.Currency($"{field}.currency", Currency);
        if (ValueDate is null)
        {
            errors.Add($"{field}.valueDate", "is required: the date whose exchange rate applies.");
        }

        errors.Plausible($"{field}.valueDate", ValueDate, latestValueDate);
    }

    public Money ToMoney() => Money.Reported(Amount!.Value, Currency!, ValueDate!.Value);
}
