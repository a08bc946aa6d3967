using MassTransit;

namespace JusticePlatform.Contracts.Beneficiaries;

/// <summary>
/// An administrator recorded that two partners agreed to share beneficiary data (both consented).
/// Partner ids are in ordinal order, so a pair has one spelling.
/// </summary>
[MessageUrn("justice:data-sharing-agreement-recorded:v1")]
[EntityName("justice.data-sharing-agreement-recorded.v1")]
public sealed record DataSharingAgreementRecorded(
    Guid AgreementId,
    string FirstPartnerId,
    string SecondPartnerId,
    DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>A data-sharing agreement ended: from now on neither partner sees the other's beneficiaries through it.</summary>
[MessageUrn("justice:data-sharing-agreement-ended:v1")]
[EntityName("justice.data-sharing-agreement-ended.v1")]
public sealed record DataSharingAgreementEnded(
    Guid AgreementId,
    string FirstPartnerId,
    string SecondPartnerId,
    DateTimeOffset OccurredAt) : IIntegrationEvent;
