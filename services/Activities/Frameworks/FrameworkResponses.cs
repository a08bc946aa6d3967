using JusticePlatform.Activities.Reach;
using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.Activities.Frameworks;

public sealed record TargetResponse(Guid PeriodId, string? Dimension, string? DimensionValue, decimal Value);

public sealed record IndicatorResponse(
    Guid Id, Guid ResultId, string Code, string Title, string Measure, bool Ascending, int? BaselineYear, decimal? BaselineValue,
    IReadOnlyList<string> Dimensions, string Source, Guid? NumeratorId, Guid? DenominatorId, IReadOnlyList<TargetResponse> Targets)
{
    public static IndicatorResponse From(Indicator i) => new(
        i.Id, i.ResultId, i.Code, i.Title, i.Measure, i.Ascending, i.BaselineYear, i.BaselineValue, i.Dimensions, i.Source,
        i.NumeratorId, i.DenominatorId,
        i.Targets.Select(t => new TargetResponse(t.PeriodId, t.Dimension == "" ? null : t.Dimension, t.DimensionValue == "" ? null : t.DimensionValue, t.Value)).ToList());
}

public sealed record ResultResponse(Guid Id, Guid ObjectiveId, string Code, string Title, string Type, IReadOnlyList<IndicatorResponse> Indicators);

public sealed record ObjectiveResponse(Guid Id, string Code, string Title, string Kind, IReadOnlyList<ResultResponse> Results);

public sealed record PeriodResponse(Guid Id, string Label, DateOnly StartDate, DateOnly EndDate, DateTimeOffset? LockedAt, string? LockedBy)
{
    public static PeriodResponse From(ReportingPeriod p) => new(p.Id, p.Label, p.StartDate, p.EndDate, p.LockedAt, p.LockedBy);
}

public sealed record FrameworkResponse(Guid ProgramId, IReadOnlyList<PeriodResponse> Periods, IReadOnlyList<ObjectiveResponse> Objectives);

/// <param name="EnteredBy">The partner that entered the value.</param>
/// <param name="Status">accepted (it may count), pending (a member's, waiting for the lead) or rejected.</param>
public sealed record ManualValueResponse(
    Guid Id, Guid IndicatorId, Guid PeriodId, decimal? Value, string? Text, string Comment, string EnteredBy, DateTimeOffset EnteredAt,
    string Status, string? ReviewedBy, DateTimeOffset? ReviewedAt)
{
    public static ManualValueResponse From(ManualValue v) =>
        new(v.Id, v.IndicatorId, v.PeriodId, v.Value, v.Text, v.Comment, v.EnteredBy, v.EnteredAt, v.Status, v.ReviewedBy, v.ReviewedAt);
}
