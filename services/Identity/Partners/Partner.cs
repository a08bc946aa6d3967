using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Identity.Partners;

/// <summary>A partner organisation (AMSS, Stop Sahel, ADES …). Its id is the partner_id in its clients' tokens.</summary>
public sealed class Partner
{
    private Partner()
    {
    }

    public string Id { get; private set; } = "";
    public string Name { get; private set; } = "";

    /// <summary>IATI organisation identifier where it has one (UN Women XM-DAC-41146 …).</summary>
    public string? IatiIdentifier { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    public static Partner Register(string id, string name, string? iatiIdentifier, DateTimeOffset now) =>
        new() { Id = id, Name = name, IatiIdentifier = iatiIdentifier, RegisteredAt = now };
}

internal sealed class PartnerConfiguration : IEntityTypeConfiguration<Partner>
{
    public void Configure(EntityTypeBuilder<Partner> builder)
    {
        builder.ToTable("partners");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasMaxLength(100);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.IatiIdentifier).HasMaxLength(100);
    }
}
