using MassTransit;

namespace JusticePlatform.Contracts.Funding;

/// <summary>An expenditure took a budget line over its budget. Amounts are in the line's currency.</summary>
[MessageUrn("justice:budget-line-overspent:v1")]
[EntityName("justice.budget-line-overspent.v1")]
public sealed record BudgetLineOverspent(
    Guid GrantId,
    Guid BudgetLineId,
    string Currency,
    decimal Budget,
    decimal Spent,
    DateTimeOffset OccurredAt) : IIntegrationEvent;
