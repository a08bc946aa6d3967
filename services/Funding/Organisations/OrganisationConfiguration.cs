using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Funding.Organisations;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.ToTable("organisations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.PartnerId).HasMaxLength(100);
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.IatiIdentifier).HasMaxLength(100);
        builder.Property(o => o.Type).HasMaxLength(40);
        builder.Property(o => o.Role).HasMaxLength(20);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.Ignore(o => o.IatiTypeCode);
        builder.HasIndex(o => o.PartnerId);
    }
}
