using MassTransit;

namespace JusticePlatform.Contracts.Beneficiaries;

/// <summary>
/// Two records were the same person or group: <paramref name="MergedId"/> is retired and
/// everything that referred to it should now refer to <paramref name="SurvivorId"/>.
/// </summary>
/// <param name="SurvivorId">The record that is kept.</param>
/// <param name="MergedId">The record that is retired; it answers with a pointer to the survivor from now on.</param>
/// <param name="PartnerId">The partner that owned the retired record and asked for the merge.</param>
[MessageUrn("justice:beneficiaries-merged:v1")]
[EntityName("justice.beneficiaries-merged.v1")]
public sealed record BeneficiariesMerged(
    Guid SurvivorId,
    Guid MergedId,
    string PartnerId,
    DateTimeOffset OccurredAt,
    long? Version = null) : IIntegrationEvent;
