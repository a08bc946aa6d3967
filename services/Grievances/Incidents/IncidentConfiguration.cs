using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Grievances.Incidents;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.ToTable("incidents");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.HasIndex(i => i.CaseId);
        // One observed incident becomes at most one case's incident, or it would be counted twice.
        builder.HasIndex(i => i.MonitoredIncidentId).IsUnique();
        builder.HasIndex(i => new { i.Date, i.RegionPcode, i.Type });
        builder.Property(i => i.PartnerId).HasMaxLength(100);
        builder.Property(i => i.Type).HasMaxLength(30);
        builder.Property(i => i.RegionPcode).HasMaxLength(4);
        builder.Property(i => i.CommunePcode).HasMaxLength(8);
        builder.Property(i => i.PerpetratorCategory).HasMaxLength(30);
    }
}
