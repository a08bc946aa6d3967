namespace JusticePlatform.Contracts.Beneficiaries;

/// <summary>
/// How many members of a group fall in one category: a sex and an age band (0-17 or 18+ when the
/// group only says child or adult). Carried by <see cref="BeneficiaryRegistered"/> and
/// <see cref="BeneficiaryUpdated"/> for a group (kind other than individual), with the ids of the
/// members it names, if any; absent for an individual and from events written before they existed.
/// </summary>
public sealed record GroupMemberCount(string Sex, string AgeBand, int Count);
