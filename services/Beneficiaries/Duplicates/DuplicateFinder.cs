using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.Beneficiaries.Registration;
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
    /// Looks across every partner (hence no ownership filter) for active records sharing a
    /// match key with any of <paramref name="candidates"/>, in one query for the whole batch.
    /// </summary>
    public static async Task<Dictionary<Guid, List<PossibleDuplicate>>> FindAsync(
        BeneficiariesDbContext db, IReadOnlyCollection<Beneficiary> candidates, CancellationToken cancellationToken)
    {
        var personKeys = candidates.Select(c => c.PersonKey).OfType<string>().Distinct().ToList();
        var phoneKeys = candidates.Select(c => c.PhoneKey).OfType<string>().Distinct().ToList();
        var found = new Dictionary<Guid, List<PossibleDuplicate>>();
        if (personKeys.Count == 0 && phoneKeys.Count == 0)
        {
            return found;
        }

        var ids = candidates.Select(c => c.Id).ToList();
        var existing = await db.Beneficiaries.IgnoreQueryFilters().AsNoTracking()
            .Where(b => b.Status == BeneficiaryStatus.Active && !ids.Contains(b.Id)
                && ((b.PersonKey != null && personKeys.Contains(b.PersonKey)) || (b.PhoneKey != null && phoneKeys.Contains(b.PhoneKey))))
            .Select(b => new { b.Id, b.Code, b.PartnerId, b.PersonKey, b.PhoneKey })
            .ToListAsync(cancellationToken);

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
}
