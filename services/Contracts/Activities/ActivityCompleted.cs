using MassTransit;

namespace JusticePlatform.Contracts.Activities;

/// <summary>Money as events carry it: an amount, its ISO 4217 currency and the date whose exchange rate applies.</summary>
public sealed record MoneyValue(decimal Amount, string Currency, DateOnly ValueDate);

/// <summary>People reached in one category cell (sex × age band × disability × displacement). Counts only, never ids of people.</summary>
/// <param name="HasDisability">True for people with a disability; false for those without and for those whose disability is not known.</param>
/// <param name="Disability">yes, no or unknown (absent from events written before it existed: then read <paramref name="HasDisability"/>).</param>
public sealed record ReachCount(string Sex, string AgeBand, bool HasDisability, string DisplacementStatus, int Count, string? Disability = null);

/// <summary>
/// An activity was carried out. Funding books its actual cost as an expenditure on the budget
/// line, once; Activities' own reports count its reach. No personal data: reach is counts by category.
/// </summary>
/// <param name="ActivityId">The activity.</param>
/// <param name="ProgramId">The program (results framework) it serves.</param>
/// <param name="PartnerId">The implementing partner that owns the activity.</param>
/// <param name="ResultIds">The results of the program it serves.</param>
/// <param name="BudgetLineId">Funding's budget line the cost is booked on, when the activity names one.</param>
/// <param name="CommunePcode">OCHA COD-AB commune P-code where it took place.</param>
/// <param name="ActualCost">What it cost, in the currency it was paid in, with its value date.</param>
/// <param name="Reach">People reached by category (named attendance and aggregate counts together).</param>
/// <param name="Version">The activity's version after the change, so consumers keep order.</param>
[MessageUrn("justice:activity-completed:v1")]
[EntityName("justice.activity-completed.v1")]
public sealed record ActivityCompleted(
    Guid ActivityId,
    Guid ProgramId,
    string PartnerId,
    IReadOnlyList<Guid> ResultIds,
    Guid? BudgetLineId,
    string? CommunePcode,
    MoneyValue? ActualCost,
    IReadOnlyList<ReachCount> Reach,
    DateTimeOffset OccurredAt,
    long? Version = null) : IIntegrationEvent;

/// <summary>
/// An activity was cancelled. When it had been completed, Funding reverses the expenditure it booked for it.
/// </summary>
[MessageUrn("justice:activity-cancelled:v1")]
[EntityName("justice.activity-cancelled.v1")]
public sealed record ActivityCancelled(
    Guid ActivityId,
    Guid ProgramId,
    string PartnerId,
    Guid? BudgetLineId,
    bool WasCompleted,
    DateTimeOffset OccurredAt,
    long? Version = null) : IIntegrationEvent;
