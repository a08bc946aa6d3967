using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Funding.Appeals;

internal sealed class ContributionConfiguration : IEntityTypeConfiguration<Contribution>
{
    public void Configure(EntityTypeBuilder<Contribution> builder)
    {
        builder.ToTable("contributions");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.FunderName).HasMaxLength(200);
        builder.Property(c => c.FunderIatiIdentifier).HasMaxLength(100);
        builder.Property(c => c.Amount).HasPrecision(20, 2);
        builder.Property(c => c.Currency).HasMaxLength(3);
        builder.Property(c => c.Status).HasMaxLength(20);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.AppealId);
    }
}
