using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Beneficiaries.Duplicates;

/// <summary>
/// One owner's yes to merging <see cref="MergedId"/> into <see cref="SurvivorId"/> when the two
/// records belong to partners with a data-sharing agreement: the merge happens once both owners said yes.
/// </summary>
public sealed class MergeAcceptance(Guid survivorId, Guid mergedId, string partnerId, DateTimeOffset acceptedAt)
{
    public Guid SurvivorId { get; private set; } = survivorId;
    public Guid MergedId { get; private set; } = mergedId;
    public string PartnerId { get; private set; } = partnerId;
    public DateTimeOffset AcceptedAt { get; private set; } = acceptedAt;
}

internal sealed class MergeAcceptanceConfiguration : IEntityTypeConfiguration<MergeAcceptance>
{
    public void Configure(EntityTypeBuilder<MergeAcceptance> builder)
    {
        builder.ToTable("merge_acceptances");
        builder.HasKey(a => new { a.SurvivorId, a.MergedId, a.PartnerId });
        builder.Property(a => a.PartnerId).HasMaxLength(100);
    }
}
