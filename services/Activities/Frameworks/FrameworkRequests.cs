using System.ComponentModel.DataAnnotations;
using JusticePlatform.Activities.Reach;
using JusticePlatform.BuildingBlocks.Http;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Activities.Frameworks;

public sealed record ObjectiveRequest([property: MaxLength(Framework.MaxCodeLength)] string? Code, [property: MaxLength(500)] string? Title, string? Kind)
{
    public ValidationErrors Validate() => new ValidationErrors().Limits(this)
        .Required("code", Code)
        .Required("title", Title)
        .OneOf("kind", Kind, ObjectiveKinds.All);
}

public sealed record ResultRequest(Guid? ObjectiveId, [property: MaxLength(Framework.MaxCodeLength)] string? Code, [property: MaxLength(500)] string? Title, string? Type)
{
    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors().Limits(this)
            .Required("code", Code)
            .Required("title", Title)
            .OneOf("type", Type, ResultTypes.All);
        if (ObjectiveId is null) errors.Add("objectiveId", "is required.");
        return errors;
    }
}

public sealed record BaselineRequest([property: Range(1990, 2100)] int? Year, decimal? Value);

public sealed record TargetRequest(Guid? PeriodId, decimal? Value, string? Dimension, [property: MaxLength(20)] string? DimensionValue);

public sealed record IndicatorRequest(
    Guid? ResultId, [property: MaxLength(Framework.MaxCodeLength)] string? Code, [property: MaxLength(500)] string? Title, string? Measure, bool? Ascending, BaselineRequest? Baseline,
    [property: MaxLength(IndicatorRequest.MaxDimensions)] IReadOnlyList<string>? Dimensions, string? Source, Guid? NumeratorId, Guid? DenominatorId,
    [property: MaxLength(IndicatorRequest.MaxTargets)] IReadOnlyList<TargetRequest>? Targets)
{
    public const int MaxDimensions = 10;

    /// <summary>A target per period and dimension value: ten years of quarters by every value of a few dimensions.</summary>
    public const int MaxTargets = 1000;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors().Limits(this)
            .Required("code", Code)
            .Required("title", Title)
            .OneOf("measure", Measure, Measures.All)
            .OneOf("source", Source, ActualSources.All)
            .EachOneOf("dimensions", Dimensions, Disaggregation.Dimensions);
        if (ResultId is null) errors.Add("resultId", "is required.");
        if (Measure == Measures.Qualitative && Source is not null && Source != ActualSources.Manual)
        {
            errors.Add("source", "a qualitative indicator is entered by hand (manual).");
        }

        if (Source == ActualSources.Ratio && (NumeratorId is null || DenominatorId is null))
        {
            errors.Add("numeratorId", "numeratorId and denominatorId are required for a percentage of two indicators.");
        }

        for (var i = 0; Targets is not null && i < Targets.Count; i++)
        {
            var target = Targets[i];
            if (target.PeriodId is null) errors.Add($"targets[{i}].periodId", "is required.");
            if (target.Value is null or < 0) errors.Add($"targets[{i}].value", "is required and not negative.");
            if (target.Dimension is not null)
            {
                errors.OneOf($"targets[{i}].dimension", target.Dimension, Dimensions ?? [])
                    .Required($"targets[{i}].dimensionValue", target.DimensionValue);
            }
            else if (target.DimensionValue is not null)
            {
                errors.Add($"targets[{i}].dimension", "is required with a dimensionValue.");
            }
        }

        return errors;
    }
}

public sealed record PeriodRequest([property: MaxLength(40)] string? Label, DateOnly? StartDate, DateOnly? EndDate)
{
    public ValidationErrors Validate(DateOnly today)
    {
        var errors = new ValidationErrors().Limits(this).Required("label", Label);
        if (StartDate is null) errors.Add("startDate", "is required.");
        if (EndDate is null) errors.Add("endDate", "is required.");
        else if (StartDate is { } start && EndDate < start) errors.Add("endDate", "must not be before startDate.");
        return errors.Planned("startDate", StartDate, today).Planned("endDate", EndDate, today);
    }
}

public sealed record ManualValueRequest(Guid? PeriodId, decimal? Value, [property: MaxLength(2000)] string? Text, [property: MaxLength(2000)] string? Comment)
{
    public ValidationErrors Validate(Indicator indicator)
    {
        var errors = new ValidationErrors().Limits(this).Required("comment", Comment);
        if (PeriodId is null) errors.Add("periodId", "is required.");
        if (indicator.Measure == Measures.Qualitative)
        {
            errors.Required("text", Text);
        }
        else if (Value is null)
        {
            errors.Add("value", "is required for a unit or percentage indicator.");
        }

        return errors;
    }
}
