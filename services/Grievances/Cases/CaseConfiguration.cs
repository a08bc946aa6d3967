using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Grievances.Cases;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<GrievanceCase>
{
    public void Configure(EntityTypeBuilder<GrievanceCase> builder)
    {
        builder.ToTable("cases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasIndex(c => c.SurvivorCode).IsUnique();
        builder.HasIndex(c => new { c.PartnerId, c.OpenedAt });
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.PartnerId).HasMaxLength(100);
        builder.Property(c => c.SurvivorCode).HasMaxLength(20);
        builder.Property(c => c.Sex).HasMaxLength(10);
        builder.Property(c => c.AgeBand).HasMaxLength(10);
        builder.Property(c => c.RiskLevel).HasMaxLength(10);
        builder.Property(c => c.CaseWorker).HasMaxLength(100);
        builder.Property(c => c.ConsentRecordedBy).HasMaxLength(100);
        builder.Property(c => c.Status).HasMaxLength(30);
        builder.Property(c => c.RedressStatus).HasMaxLength(30);
        builder.Property(c => c.RedressKind).HasMaxLength(30);
        builder.Property(c => c.BeneficiaryHash).HasMaxLength(64);
        builder.HasIndex(c => c.BeneficiaryHash);
    }
}

internal sealed class CaseStatusChangeConfiguration : IEntityTypeConfiguration<CaseStatusChange>
{
    public void Configure(EntityTypeBuilder<CaseStatusChange> builder)
    {
        builder.ToTable("case_status_changes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasIndex(c => new { c.CaseId, c.ChangedAt });
        builder.Property(c => c.PartnerId).HasMaxLength(100);
        builder.Property(c => c.FromStatus).HasMaxLength(30);
        builder.Property(c => c.ToStatus).HasMaxLength(30);
        builder.Property(c => c.ChangedBy).HasMaxLength(100);
    }
}
