using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Beneficiaries.Duplicates;

/// <summary>
/// "<see cref="BeneficiaryId"/> is likely the same as <see cref="MatchedId"/>", found when the
/// first was registered. Kept so the owner can review it later and so a merge across partners
/// can be checked against it.
/// </summary>
public sealed class DuplicateFlag
{
    private DuplicateFlag()
    {
    }

    public Guid Id { get; private set; }
    public Guid BeneficiaryId { get; private set; }
    public Guid MatchedId { get; private set; }
    public string MatchedOn { get; private set; } = "";
    public bool SameOwner { get; private set; }
    public DateTimeOffset FlaggedAt { get; private set; }

    public static DuplicateFlag Create(Guid beneficiaryId, PossibleDuplicate match, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        BeneficiaryId = beneficiaryId,
        MatchedId = match.BeneficiaryId,
        MatchedOn = string.Join(',', match.MatchedOn),
        SameOwner = match.SameOwner,
        FlaggedAt = now,
    };
}

internal sealed class DuplicateFlagConfiguration : IEntityTypeConfiguration<DuplicateFlag>
{
    public void Configure(EntityTypeBuilder<DuplicateFlag> builder)
    {
        builder.ToTable("duplicate_flags");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.MatchedOn).HasMaxLength(40);
        builder.HasIndex(f => f.BeneficiaryId);
        builder.HasIndex(f => f.MatchedId);
    }
}
