using MassTransit;

namespace JusticePlatform.Contracts.Beneficiaries;

/// <summary>
/// A partner changed a beneficiary's record. Carries the categories as they now stand (the
/// same ones as <see cref="BeneficiaryRegistered"/>), so a consumer can overwrite its copy.
/// Events may arrive out of order: consumers keep the copy with the highest <see cref="Version"/>
/// (the record's version after the change; absent from events written before it existed).
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
    DateTimeOffset OccurredAt,
    long? Version = null,
    IReadOnlyList<GroupMemberCount>? MemberCounts = null,
    IReadOnlyList<Guid>? MemberIds = null) : IIntegrationEvent;
