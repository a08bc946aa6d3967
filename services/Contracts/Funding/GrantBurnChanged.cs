using MassTransit;

namespace JusticePlatform.Contracts.Funding;

/// <summary>
/// A grant's spending changed: every expenditure on it (reversals included), each converted
/// into the grant's currency at its value date, against the grant's amount. Published with each
/// expenditure booked or reversed; <paramref name="Version"/> is the number of expenditure rows
/// on the grant then, so a reader keeps the newest whatever the arrival order.
/// <paramref name="Readers"/> are the partners that read the grant (its owner, recipient, funder
/// and the program's lead): no one else is shown its figures.
/// </summary>
[MessageUrn("justice:grant-burn-changed:v1")]
[EntityName("justice.grant-burn-changed.v1")]
public sealed record GrantBurnChanged(
    Guid GrantId,
    Guid ProgramId,
    string PartnerId,
    IReadOnlyList<string> Readers,
    string Title,
    string Currency,
    decimal Amount,
    decimal Spent,
    DateOnly StartDate,
    DateOnly EndDate,
    DateTimeOffset OccurredAt,
    long? Version = null) : IIntegrationEvent;
