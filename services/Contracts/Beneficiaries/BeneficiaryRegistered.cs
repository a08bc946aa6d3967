using MassTransit;

namespace JusticePlatform.Contracts.Beneficiaries;

/// <summary>A partner registered a person or a group. Disaggregation categories only.</summary>
/// <param name="Kind">individual, association, cooperative or household.</param>
/// <param name="Sex">female, male, other or unknown.</param>
/// <param name="BirthYear">Year of birth (given or estimated), so consumers derive age bands at query time.</param>
/// <param name="CommunePcode">OCHA COD-AB commune P-code (adm3), for example ML060501.</param>
/// <param name="DisplacementStatus">host, idp, refugee, returnee or idp_returnee.</param>
/// <param name="MemberCounts">For a group: its members by sex and age band, where it carries them.</param>
/// <param name="MemberIds">For a group: the beneficiary ids of the members it names, where it names them.</param>
[MessageUrn("justice:beneficiary-registered:v1")]
[EntityName("justice.beneficiary-registered.v1")]
public sealed record BeneficiaryRegistered(
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
