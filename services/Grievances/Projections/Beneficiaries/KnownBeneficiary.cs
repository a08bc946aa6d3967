using JusticePlatform.Grievances.BeneficiaryLinks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Grievances.Projections.Beneficiaries;

/// <summary>
/// Who owns a beneficiary, fed by Beneficiaries' events: the keyed hash of the id (never the id)
/// and the owning partner. It says which beneficiaries a partner may link a case to. Not partner
/// owned: a partner may link another's beneficiary under a data-sharing agreement, so every query
/// says whose rows it reads (<see cref="BeneficiaryVisibility"/>).
/// </summary>
public sealed class KnownBeneficiary
{
    public string Hash { get; set; } = "";
    public string PartnerId { get; set; } = "";

    /// <summary>Set when the person's data was erased: no case is linked to them again.</summary>
    public DateTimeOffset? ErasedAt { get; set; }
}

/// <summary>A data-sharing agreement between two partners (ordinal order), from Beneficiaries' events.</summary>
public sealed class SharingAgreement
{
    public Guid Id { get; set; }
    public string FirstPartnerId { get; set; } = "";
    public string SecondPartnerId { get; set; } = "";
    public DateTimeOffset? EndedAt { get; set; }
}

internal sealed class KnownBeneficiaryConfiguration : IEntityTypeConfiguration<KnownBeneficiary>
{
    public void Configure(EntityTypeBuilder<KnownBeneficiary> builder)
    {
        builder.ToTable("known_beneficiaries");
        builder.HasKey(b => b.Hash);
        builder.Property(b => b.Hash).HasMaxLength(64);
        builder.Property(b => b.PartnerId).HasMaxLength(100);
    }
}

internal sealed class SharingAgreementConfiguration : IEntityTypeConfiguration<SharingAgreement>
{
    public void Configure(EntityTypeBuilder<SharingAgreement> builder)
    {
        builder.ToTable("sharing_agreements");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.FirstPartnerId).HasMaxLength(100);
        builder.Property(a => a.SecondPartnerId).HasMaxLength(100);
        builder.HasIndex(a => new { a.FirstPartnerId, a.SecondPartnerId });
    }
}
