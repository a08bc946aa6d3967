using MassTransit;

namespace JusticePlatform.Contracts.Beneficiaries;

/// <summary>
/// On the person's request, the beneficiary's personal data was removed. The record and its
/// disaggregation categories stay, so figures reported earlier remain true; consumers remove
/// whatever personal data of theirs is linked to this id and keep the categories.
/// </summary>
[MessageUrn("justice:beneficiary-erased:v1")]
[EntityName("justice.beneficiary-erased.v1")]
public sealed record BeneficiaryErased(
    Guid BeneficiaryId,
    string PartnerId,
    DateTimeOffset OccurredAt,
    long? Version = null) : IIntegrationEvent;
