using MassTransit;

namespace JusticePlatform.Contracts.Funding;

/// <summary>
/// A grant's budget line for one period, as IATI reports a budget: added or revised. A later
/// event about the same line replaces an earlier one. Amounts are in the grant's currency.
/// </summary>
/// <param name="BudgetType">IATI BudgetType code: 1 original, 2 revised.</param>
/// <param name="BudgetStatus">IATI BudgetStatus code: 1 indicative, 2 committed.</param>
[MessageUrn("justice:grant-budget-period-recorded:v1")]
[EntityName("justice.grant-budget-period-recorded.v1")]
public sealed record GrantBudgetPeriodRecorded(
    Guid BudgetLineId,
    Guid GrantId,
    Guid ProgramId,
    string GrantPartnerId,
    string BudgetType,
    string BudgetStatus,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    decimal Amount,
    string Currency,
    int Version,
    DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>
/// A money movement recorded on a grant (a commitment, a disbursement, an expenditure, a
/// reversal of one), typed with its IATI TransactionType code. Organisations are named by their
/// IATI identifiers and names, never people.
/// </summary>
[MessageUrn("justice:grant-transaction-recorded:v1")]
[EntityName("justice.grant-transaction-recorded.v1")]
public sealed record GrantTransactionRecorded(
    Guid TransactionId,
    Guid GrantId,
    Guid ProgramId,
    string GrantPartnerId,
    string TransactionTypeCode,
    decimal Amount,
    string Currency,
    DateOnly ValueDate,
    string? ProviderName,
    string? ProviderIatiIdentifier,
    string? ReceiverName,
    string? ReceiverIatiIdentifier,
    DateTimeOffset OccurredAt) : IIntegrationEvent;
