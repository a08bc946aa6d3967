using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Activities.Programs;
using JusticePlatform.Activities.Reach;
using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.Activities.FieldActivities;

public sealed record AttendanceResponse(Guid ActivityId, int Added, int AlreadyRecorded, int Total);

/// <param name="HasDisability">True for yes only: kept for clients written before <paramref name="Disability"/>.</param>
public sealed record ReachCellResponse(string Sex, string AgeBand, bool HasDisability, string DisplacementStatus, int Count, string Disability);

public sealed record ActivityResponse(
    Guid Id, Guid ProgramId, string PartnerId, string Title, string Type, IReadOnlyList<Guid> ResultIds, IReadOnlyList<Guid> IndicatorIds,
    string CommunePcode, DateOnly PlannedStart, DateOnly PlannedEnd, DateOnly? ActualStart, DateOnly? ActualEnd, string Status,
    MoneyResponse? PlannedCost, MoneyResponse? ActualCost, Guid? BudgetLineId, int Attendance, IReadOnlyList<ReachCellResponse> AggregateReach, int Version)
{
    public static ActivityResponse From(FieldActivity a, int attendance, IEnumerable<AggregateReach> reach) => new(
        a.Id, a.ProgramId, a.PartnerId, a.Title, a.Type, a.ResultIds, a.IndicatorIds, a.CommunePcode, a.PlannedStart, a.PlannedEnd,
        a.ActualStart, a.ActualEnd, a.Status, MoneyResponse.From(a.PlannedCost), MoneyResponse.From(a.ActualCost), a.BudgetLineId, attendance,
        reach.Select(r => new ReachCellResponse(r.Sex, r.AgeBand, r.Disability == Disaggregation.WithDisability, r.DisplacementStatus, r.Count, r.Disability)).ToList(), a.Version);
}

public sealed record MoneyResponse(decimal Amount, string Currency, DateOnly ValueDate)
{
    public static MoneyResponse? From(Money? money) => money is null ? null : new(money.Amount, money.Currency, money.ValueDate);
}
