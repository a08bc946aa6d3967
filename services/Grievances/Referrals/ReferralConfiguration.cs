using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Grievances.Referrals;

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> builder)
    {
        builder.ToTable("referrals");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasIndex(r => r.CaseId);
        builder.HasIndex(r => r.FromPartnerId);
        builder.HasIndex(r => r.ToPartnerId);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Property(r => r.FromPartnerId).HasMaxLength(100);
        builder.Property(r => r.ToPartnerId).HasMaxLength(100);
        builder.Property(r => r.ExternalBodyKind).HasMaxLength(30);
        builder.Property(r => r.ExternalBodyName).HasMaxLength(200);
        builder.Property(r => r.ServiceType).HasMaxLength(30);
        builder.Property(r => r.Status).HasMaxLength(20);
        builder.Property(r => r.OverrideReason).HasMaxLength(40);
        builder.Property(r => r.ReferredBy).HasMaxLength(100);
        builder.Property(r => r.RespondedBy).HasMaxLength(100);
        builder.Ignore(r => r.Internal);
        builder.Ignore(r => r.LetsReceiverRead);
    }
}
