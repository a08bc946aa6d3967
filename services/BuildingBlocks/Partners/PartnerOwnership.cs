using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.BuildingBlocks.Partners;

/// <summary>
/// A record that belongs to the partner that created it. <see cref="Persistence.ServiceDbContext"/>
/// stamps <see cref="PartnerId"/> on insert and filters every query by the caller's partner (or
/// an explicit <see cref="RecordShare"/>), so no endpoint can forget.
/// </summary>
public interface IPartnerOwned
{
    Guid Id { get; }

    string PartnerId { get; }
}

/// <summary>Explicit sharing: the record <see cref="RecordId"/> is visible to <see cref="PartnerId"/> too.</summary>
public sealed class RecordShare(Guid recordId, string partnerId, string sharedBy, DateTimeOffset sharedAt)
{
    public Guid RecordId { get; private set; } = recordId;
    public string PartnerId { get; private set; } = partnerId;
    public string SharedBy { get; private set; } = sharedBy;
    public DateTimeOffset SharedAt { get; private set; } = sharedAt;
}

internal sealed class RecordShareConfiguration : IEntityTypeConfiguration<RecordShare>
{
    public void Configure(EntityTypeBuilder<RecordShare> builder)
    {
        builder.ToTable("record_shares");
        builder.HasKey(s => new { s.RecordId, s.PartnerId });
        builder.Property(s => s.PartnerId).HasMaxLength(100);
        builder.Property(s => s.SharedBy).HasMaxLength(100);
        builder.HasIndex(s => s.PartnerId);
    }
}
