using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Funding.Appeals;

internal sealed class AppealConfiguration : IEntityTypeConfiguration<Appeal>
{
    public void Configure(EntityTypeBuilder<Appeal> builder)
    {
        builder.ToTable("appeals");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.PartnerId).HasMaxLength(100);
        builder.Property(a => a.Name).HasMaxLength(300);
        builder.Property(a => a.Requirement).HasPrecision(20, 2);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Ignore(a => a.ValueDate);
        builder.HasIndex(a => a.PartnerId);
    }
}
