using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.Beneficiaries.Registration;
using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Persistence;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Beneficiaries.Duplicates;

/// <summary>
/// A likely duplicate as the caller may see it: the other record's id and code, whether the
/// caller owns it, and what matched — never the other partner's names, phone or birth date.
/// </summary>
public sealed record PossibleDuplicate(Guid BeneficiaryId, string Code, bool SameOwner, IReadOnlyList<string> MatchedOn);

public static class DuplicateFinder
{
    public const string OnPerson = "name_sex_birth_year_commune";
    public const string OnPhone = "phone";

    /// <summary>
    /// Looks for active records sharing a match key with any of <paramref name="candidates"/> (all
    /// of one partner), in one query for the whole batch: among the partner's own records and those
    /// of partners it has an active data-sharing agreement with — never beyond, so no answer, count
    /// or timing tells a partner that someone else serves a person. Every check is audited.
    /// </summary>
    public static async Task<Dictionary<Guid, List<PossibleDuplicate>>> FindAsync(
        BeneficiariesDbContext db, IReadOnlyCollection<Beneficiary> candidates, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            return [];
        }

        // The partners it may be matched with are read in the same query (no round trip of their own).
        var partnerId = candidates.First().PartnerId;
        return await FindAsync(db, candidates, b => b.PartnerId == partnerId
            || db.DataSharingAgreements.Any(a => a.EndedAt == null
                && ((a.FirstPartnerId == partnerId && a.SecondPartnerId == b.PartnerId)
                    || (a.SecondPartnerId == partnerId && a.FirstPartnerId == b.PartnerId))), now, cancellationToken);
    }

    /// <summary>
    /// As <see cref="FindAsync"/>, among the records of <paramref name="partners"/> only: the
    /// caller has checked that the candidates' partner may be matched with each of them.
    /// </summary>
    public static async Task<Dictionary<Guid, List<PossibleDuplicate>>> FindAmongAsync(
        BeneficiariesDbContext db, IReadOnlyCollection<Beneficiary> candidates, IReadOnlyCollection<string> partners, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var matching = partners.ToList();
        return await FindAsync(db, candidates, b => matching.Contains(b.PartnerId), now, cancellationToken);
    }

    private static async Task<Dictionary<Guid, List<PossibleDuplicate>>> FindAsync(
        BeneficiariesDbContext db, IReadOnlyCollection<Beneficiary> candidates, Expression<Func<Beneficiary, bool>> matchingPartner, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            return [];
        }

        var partnerId = candidates.First().PartnerId;
        var check = AuditEntry.Begin(partnerId, "", "beneficiary", candidates.Count == 1 ? candidates.First().Id.ToString() : null,
            "duplicate_check", null, now);
        check.Complete(StatusCodes.Status200OK);
        db.AuditEntries.Add(check);

        var personKeys = candidates.Select(c => c.PersonKey).OfType<string>().Distinct().ToList();
        var phoneKeys = candidates.Select(c => c.PhoneKey).OfType<string>().Distinct().ToList();
        var found = new Dictionary<Guid, List<PossibleDuplicate>>();
        if (personKeys.Count == 0 && phoneKeys.Count == 0)
        {
            return found;
        }

        // A cluster of records with equal keys is matched through its representative, the oldest
        // of each partner's records with that key: a new member is flagged once per partner and key,
        // not against every earlier member, so the cost of a registration does not grow with its cluster.
        var ids = candidates.Select(c => c.Id).ToList();
        var visible = db.Beneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).AsNoTracking()
            .Where(b => b.Status == BeneficiaryStatus.Active && !ids.Contains(b.Id)).Where(matchingPartner);
        var existing = new List<Representative>();
        if (personKeys.Count > 0)
        {
            existing.AddRange(await visible.Where(b => b.PersonKey != null && personKeys.Contains(b.PersonKey))
                .GroupBy(b => new { b.PartnerId, b.PersonKey })
                .Select(g => g.OrderBy(b => b.RegisteredAt).ThenBy(b => b.Id).Select(b => new Representative(b.Id, b.Code, b.PartnerId, b.PersonKey, b.PhoneKey)).First())
                .ToListAsync(cancellationToken));
        }

        if (phoneKeys.Count > 0)
        {
            existing.AddRange(await visible.Where(b => b.PhoneKey != null && phoneKeys.Contains(b.PhoneKey))
                .GroupBy(b => new { b.PartnerId, b.PhoneKey })
                .Select(g => g.OrderBy(b => b.RegisteredAt).ThenBy(b => b.Id).Select(b => new Representative(b.Id, b.Code, b.PartnerId, b.PersonKey, b.PhoneKey)).First())
                .ToListAsync(cancellationToken));
        }

        existing = existing.DistinctBy(r => r.Id).ToList();
        foreach (var candidate in candidates)
        {
            foreach (var other in existing)
            {
                List<string> on = [];
                if (candidate.PersonKey is not null && candidate.PersonKey == other.PersonKey) on.Add(OnPerson);
                if (candidate.PhoneKey is not null && candidate.PhoneKey == other.PhoneKey) on.Add(OnPhone);
                if (on.Count > 0)
                {
                    if (!found.TryGetValue(candidate.Id, out var list)) found[candidate.Id] = list = [];
                    list.Add(new PossibleDuplicate(other.Id, other.Code, other.PartnerId == candidate.PartnerId, on));
                }
            }
        }

        return found;
    }

    private sealed record Representative(Guid Id, string Code, string PartnerId, string? PersonKey, string? PhoneKey);
}
