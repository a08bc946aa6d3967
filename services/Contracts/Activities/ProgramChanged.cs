using MassTransit;

namespace JusticePlatform.Contracts.Activities;

/// <summary>
/// A program as it now stands: who leads it, which partners accepted to work in it, and the
/// results of its framework. State-carrying: a consumer keeps the newest by <paramref name="Version"/>
/// and replaces what it held. Other services check their references to a program (a case's,
/// a grant's, a budget line's result) against their projection of this event.
/// </summary>
/// <param name="ProgramId">The program.</param>
/// <param name="LeadPartnerId">The lead partner, which owns the program.</param>
/// <param name="MemberPartnerIds">The partners that accepted the lead's invitation (the lead not included).</param>
/// <param name="ResultIds">The results of the program's framework.</param>
/// <param name="Version">Counts the program's published changes, so consumers keep order.</param>
[MessageUrn("justice:program-changed:v1")]
[EntityName("justice.program-changed.v1")]
public sealed record ProgramChanged(
    Guid ProgramId,
    string LeadPartnerId,
    IReadOnlyList<string> MemberPartnerIds,
    IReadOnlyList<Guid> ResultIds,
    DateTimeOffset OccurredAt,
    long Version) : IIntegrationEvent;
