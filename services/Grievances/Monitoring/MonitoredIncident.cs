using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Grievances.Monitoring;

/// <summary>
/// An incident observed by protection monitoring, without a survivor's case: place, date and
/// categories only. There is no field for a name or a narrative, so none can be kept.
/// </summary>
public sealed class MonitoredIncident : IPartnerOwned
{
    private MonitoredIncident()
    {
    }

    public Guid Id { get; private set; }
    public string PartnerId { get; private set; } = "";
    public string Type { get; private set; } = "";
    public DateOnly Date { get; private set; }
    public string RegionPcode { get; private set; } = "";

    /// <summary>Null when monitoring placed the incident in a region only.</summary>
    public string? CommunePcode { get; private set; }
    public string? PerpetratorCategory { get; private set; }
    public bool ConsentForReporting { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }

    public static MonitoredIncident Record(Guid id, string partnerId, string type, DateOnly date, string? regionPcode, string? communePcode,
        string? perpetrator, bool consentForReporting, DateTimeOffset now) => new()
    {
        Id = id,
        PartnerId = partnerId,
        Type = type,
        Date = date,
        RegionPcode = communePcode?[..4] ?? regionPcode!,
        CommunePcode = communePcode,
        PerpetratorCategory = perpetrator,
        ConsentForReporting = consentForReporting,
        RecordedAt = now,
    };
}

internal sealed class MonitoredIncidentConfiguration : IEntityTypeConfiguration<MonitoredIncident>
{
    public void Configure(EntityTypeBuilder<MonitoredIncident> builder)
    {
        builder.ToTable("monitored_incidents");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.HasIndex(i => new { i.Date, i.RegionPcode, i.Type });
        builder.HasIndex(i => new { i.PartnerId, i.RecordedAt });
        builder.Property(i => i.PartnerId).HasMaxLength(100);
        builder.Property(i => i.Type).HasMaxLength(30);
        builder.Property(i => i.RegionPcode).HasMaxLength(4);
        builder.Property(i => i.CommunePcode).HasMaxLength(8);
        builder.Property(i => i.PerpetratorCategory).HasMaxLength(30);
    }
}
