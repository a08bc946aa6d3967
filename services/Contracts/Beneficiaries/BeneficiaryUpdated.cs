using MassTransit;

namespace JusticePlatform.Contracts.Beneficiaries;

/// <summary>
/// A partner changed a beneficiary's record. Carries the categories as they now stand (the
/// same ones as <see cref="BeneficiaryRegistered"/>), so a consumer can overwrite its copy.
/// Consumers keep the copy with the latest <see cref="OccurredAt"/>: events may arrive out of order.
/// </summary>
[MessageUrn("justice:beneficiary-updated:v1")]
[EntityName("justice.beneficiary-updated.v1")]
public sealed record BeneficiaryUpdated(
    Guid BeneficiaryId,
    string PartnerId,
    string Kind,
    string Sex,
    int? BirthYear,
    bool HasDisability,
    string DisplacementStatus,
    string CommunePcode,
    DateTimeOffset OccurredAt) : IIntegrationEvent;
