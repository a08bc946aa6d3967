using MassTransit;

namespace JusticePlatform.Contracts.Funding;

/// <summary>One budget line of a grant as other services need it: whether an activity may still name it.</summary>
/// <param name="BudgetLineId">The line.</param>
/// <param name="ResultId">The program result the line budgets, for a line per result.</param>
/// <param name="Open">False once the line or its grant is closed: no new cost is booked on it.</param>
public sealed record GrantBudgetLineState(Guid BudgetLineId, Guid? ResultId, bool Open);

/// <summary>
/// A grant was recorded or changed, or one of its budget lines was: the grant's whole state as
/// Activities needs it to refuse, at the source, an activity that names a line it may not charge.
/// State-carrying, so a consumer keeps the one with the highest <paramref name="Version"/>.
/// </summary>
/// <param name="GrantId">The grant.</param>
/// <param name="ProgramId">The program the grant funds; its lines take only that program's activities.</param>
/// <param name="Currency">The grant's (and its lines') ISO 4217 currency.</param>
/// <param name="RecipientPartnerId">The partner that receives the grant.</param>
/// <param name="ChargingPartnerIds">The partners whose activities may be charged to the grant's lines: the recipient and its sub-recipients.</param>
/// <param name="BudgetLines">Every line of the grant.</param>
/// <param name="Version">Grows with every change of the grant or of one of its lines.</param>
[MessageUrn("justice:grant-changed:v1")]
[EntityName("justice.grant-changed.v1")]
public sealed record GrantChanged(
    Guid GrantId,
    Guid ProgramId,
    string Currency,
    string RecipientPartnerId,
    IReadOnlyList<string> ChargingPartnerIds,
    IReadOnlyList<GrantBudgetLineState> BudgetLines,
    DateTimeOffset OccurredAt,
    long Version) : IIntegrationEvent;
