using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Beneficiaries.Duplicates;

/// <summary>
/// Two partners agreed, each with its consent, to have their beneficiaries matched against each
/// other's, and an administrator recorded it. Without an active agreement nothing of one partner
/// is matched, merged or counted with the other's. Recording it also matches the records both
/// already held (<see cref="AgreementMatching"/>); ending it stops new matches and removes the
/// review items between the two that are not resolved yet.
/// </summary>
public sealed class DataSharingAgreement
{
    private DataSharingAgreement()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The two partners, in ordinal order, so a pair has one spelling.</summary>
    public string FirstPartnerId { get; private set; } = "";
    public string SecondPartnerId { get; private set; } = "";

    public string RecordedBy { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    public string? EndedBy { get; private set; }

    public bool IsActive => EndedAt is null;

    public static DataSharingAgreement Record(string partnerA, string partnerB, string recordedBy, DateTimeOffset now)
    {
        var (first, second) = string.CompareOrdinal(partnerA, partnerB) < 0 ? (partnerA, partnerB) : (partnerB, partnerA);
        return new DataSharingAgreement
        {
            Id = Guid.CreateVersion7(now),
            FirstPartnerId = first,
            SecondPartnerId = second,
            RecordedBy = recordedBy,
            RecordedAt = now,
        };
    }

    public void End(string endedBy, DateTimeOffset now)
    {
        EndedAt ??= now;
        EndedBy ??= endedBy;
    }
}

internal sealed class DataSharingAgreementConfiguration : IEntityTypeConfiguration<DataSharingAgreement>
{
    public void Configure(EntityTypeBuilder<DataSharingAgreement> builder)
    {
        builder.ToTable("data_sharing_agreements");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.FirstPartnerId).HasMaxLength(100);
        builder.Property(a => a.SecondPartnerId).HasMaxLength(100);
        builder.Property(a => a.RecordedBy).HasMaxLength(100);
        builder.Property(a => a.EndedBy).HasMaxLength(100);
        builder.HasIndex(a => new { a.FirstPartnerId, a.SecondPartnerId });
    }
}

/// <summary>Who a partner's records may be matched with: itself, and the partners it has an active agreement with.</summary>
public static class MatchingPartners
{
    public static async Task<List<string>> OfAsync(Data.BeneficiariesDbContext db, string partnerId, CancellationToken cancellationToken)
    {
        var others = await db.DataSharingAgreements.AsNoTracking()
            .Where(a => a.EndedAt == null && (a.FirstPartnerId == partnerId || a.SecondPartnerId == partnerId))
            .Select(a => a.FirstPartnerId == partnerId ? a.SecondPartnerId : a.FirstPartnerId)
            .ToListAsync(cancellationToken);
        return [partnerId, .. others.Distinct()];
    }
}
