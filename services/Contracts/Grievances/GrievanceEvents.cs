using MassTransit;

namespace JusticePlatform.Contracts.Grievances;

/// <summary>
/// An incident of a grievance case was recorded. Categories only: never the survivor's name,
/// contact, birth date or the narrative. <paramref name="ConsentForReporting"/> says whether the
/// incident may be counted in statistics that leave the owning partner.
/// </summary>
/// <param name="IncidentType">GBVIMS or protection code, for example forced_marriage, extortion.</param>
/// <param name="Sex">The survivor's sex: female, male, other or unknown.</param>
/// <param name="AgeBand">The survivor's age band at registration: 0-4, 5-11, 12-17, 18-59, 60+ or unknown.</param>
[MessageUrn("justice:grievance-reported:v1")]
[EntityName("justice.grievance-reported.v1")]
public sealed record GrievanceReported(
    Guid CaseId,
    Guid IncidentId,
    string PartnerId,
    string IncidentType,
    string? CommunePcode,
    string Sex,
    string AgeBand,
    bool ConsentForReporting,
    DateTimeOffset OccurredAt,
    long? Version = null) : IIntegrationEvent;

/// <summary>A case was referred for a service, to a partner on the platform (<paramref name="Internal"/>) or to a body outside it.</summary>
/// <param name="ServiceType">legal_aid, psychosocial, medical, safe_house, justice_services, mediation or livelihood.</param>
[MessageUrn("justice:grievance-referred:v1")]
[EntityName("justice.grievance-referred.v1")]
public sealed record GrievanceReferred(
    Guid CaseId,
    Guid ReferralId,
    string PartnerId,
    string ServiceType,
    bool Internal,
    DateTimeOffset OccurredAt,
    long? Version = null) : IIntegrationEvent;

/// <summary>The survivor of a case obtained redress.</summary>
/// <param name="RedressKind">compensation, restitution, rehabilitation, satisfaction or non_repetition.</param>
/// <param name="ProgramId">The program the case belongs to, whose outcome indicators count it; null for a case without one.</param>
[MessageUrn("justice:grievance-redress-obtained:v1")]
[EntityName("justice.grievance-redress-obtained.v1")]
public sealed record GrievanceRedressObtained(
    Guid CaseId,
    string PartnerId,
    string RedressKind,
    DateOnly RedressDate,
    string? CommunePcode,
    string Sex,
    string AgeBand,
    DateTimeOffset OccurredAt,
    long? Version = null,
    Guid? ProgramId = null) : IIntegrationEvent;

/// <summary>A case was closed.</summary>
[MessageUrn("justice:grievance-closed:v1")]
[EntityName("justice.grievance-closed.v1")]
public sealed record GrievanceClosed(
    Guid CaseId,
    string PartnerId,
    DateTimeOffset OccurredAt,
    long? Version = null) : IIntegrationEvent;
