using JusticePlatform.Grievances.Cases;
using JusticePlatform.Grievances.Data;
using JusticePlatform.Grievances.Protection;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Grievances.BeneficiaryLinks;

/// <summary>Which beneficiaries a partner may link a case to, and how the link is kept on the case.</summary>
public static class BeneficiaryVisibility
{
    public const string BeneficiaryField = "case.beneficiary_id";

    /// <summary>
    /// True when <paramref name="partnerId"/> owns the beneficiary or has an active data-sharing
    /// agreement with its owner, and the person was not erased. Unknown means not visible.
    /// </summary>
    public static Task<bool> IsVisibleAsync(this GrievancesDbContext db, string hash, string partnerId, CancellationToken cancellationToken) =>
        db.KnownBeneficiaries.AnyAsync(b => b.Hash == hash && b.ErasedAt == null
            && (b.PartnerId == partnerId
                || db.SharingAgreements.Any(a => a.EndedAt == null
                    && ((a.FirstPartnerId == partnerId && a.SecondPartnerId == b.PartnerId)
                        || (a.SecondPartnerId == partnerId && a.FirstPartnerId == b.PartnerId)))), cancellationToken);

    /// <summary>Links the case to the beneficiary: its keyed hash to find it, its id encrypted (bound to the case) to show it.</summary>
    public static void LinkBeneficiary(this SurvivorDataProtector protector, BeneficiaryLinkHasher hasher, GrievanceCase grievanceCase, Guid beneficiaryId) =>
        grievanceCase.LinkBeneficiary(hasher.Hash(beneficiaryId), protector.Protect(beneficiaryId.ToString(), grievanceCase.Id, BeneficiaryField)!);

    public static Guid? BeneficiaryIdOf(this SurvivorDataProtector protector, GrievanceCase grievanceCase) =>
        protector.Unprotect(grievanceCase.BeneficiaryCipher, grievanceCase.Id, BeneficiaryField) is { } id ? Guid.Parse(id) : null;
}
