using MassTransit;

namespace JusticePlatform.Contracts.Identity;

/// <summary>
/// A partner organisation was registered (or, when Identity announces its partners again, is
/// registered and enabled). Organisations only: no person's data. Services keep a projection of
/// the partners they may refer, share or invite to (<c>known_partners</c>).
/// </summary>
/// <param name="PartnerId">The partner_id its clients' tokens carry.</param>
/// <param name="Name">The organisation's name.</param>
/// <param name="Version">The partner's version after the change, so consumers keep order.</param>
[MessageUrn("justice:partner-registered:v1")]
[EntityName("justice.partner-registered.v1")]
public sealed record PartnerRegistered(string PartnerId, string Name, DateTimeOffset OccurredAt, long Version) : IIntegrationEvent;

/// <summary>A partner was disabled: its clients get no token, nothing is referred, shared or given to it, and what was referred to it is not readable.</summary>
[MessageUrn("justice:partner-disabled:v1")]
[EntityName("justice.partner-disabled.v1")]
public sealed record PartnerDisabled(string PartnerId, DateTimeOffset OccurredAt, long Version) : IIntegrationEvent;

/// <summary>A disabled partner was enabled again.</summary>
[MessageUrn("justice:partner-enabled:v1")]
[EntityName("justice.partner-enabled.v1")]
public sealed record PartnerEnabled(string PartnerId, DateTimeOffset OccurredAt, long Version) : IIntegrationEvent;
