using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Funding.Grants;

internal sealed class GrantConfiguration : IEntityTypeConfiguration<Grant>
{
    public void Configure(EntityTypeBuilder<Grant> builder)
    {
        builder.ToTable("grants");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.PartnerId).HasMaxLength(100);
        builder.Property(g => g.Title).HasMaxLength(300);
        builder.Property(g => g.IatiIdentifier).HasMaxLength(150);
        builder.Property(g => g.FunderName).HasMaxLength(200);
        builder.Property(g => g.FunderIatiIdentifier).HasMaxLength(100);
        builder.Property(g => g.FunderPartnerId).HasMaxLength(100);
        builder.Property(g => g.RecipientPartnerId).HasMaxLength(100);
        builder.Ignore(g => g.ChargingPartnerIds);
        builder.Ignore(g => g.IsClosed);
        builder.Ignore(g => g.EventVersion);
        builder.Property(g => g.ProgramLeadPartnerId).HasMaxLength(100);
        builder.Property(g => g.Amount).HasPrecision(20, 2);
        builder.Property(g => g.Currency).HasMaxLength(3);
        builder.Property(g => g.Status).HasMaxLength(20);
        builder.Property(g => g.Version).IsConcurrencyToken();
        builder.Property(g => g.BudgetRevision).IsConcurrencyToken();
        builder.Ignore(g => g.Readers);
        builder.HasIndex(g => g.PartnerId);
        builder.HasIndex(g => g.ProgramId);
    }
}
