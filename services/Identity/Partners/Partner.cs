using JusticePlatform.Contracts.Identity;
using JusticePlatform.Identity.Data;
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

    /// <summary>A disabled partner's clients get no token, and the tokens they hold are refused.</summary>
    public bool Disabled { get; private set; }

    /// <summary>Set when the partner is enabled again: its clients' tokens issued before stay refused.</summary>
    public DateTimeOffset? TokensNotBefore { get; private set; }

    /// <summary>Counts the partner's changes, so that the services apply its events in order.</summary>
    public long Version { get; private set; }

    /// <summary>A new partner, announced to the services (<see cref="PartnerRegistered"/>) in the same commit.</summary>
    public static Partner Register(IdentityDbContext db, string id, string name, string? iatiIdentifier, DateTimeOffset now)
    {
        var partner = new Partner { Id = id, Name = name, IatiIdentifier = iatiIdentifier, RegisteredAt = now, Version = 1 };
        db.Partners.Add(partner);
        db.AddIntegrationEvent(new PartnerRegistered(id, name, now, partner.Version));
        return partner;
    }

    /// <summary>Disables or enables the partner and announces it; false when it already was so.</summary>
    public bool SetDisabled(IdentityDbContext db, bool disabled, DateTimeOffset now)
    {
        if (Disabled == disabled)
        {
            return false;
        }

        Disabled = disabled;
        Version++;
        if (disabled)
        {
            db.AddIntegrationEvent(new PartnerDisabled(Id, now, Version));
        }
        else
        {
            // Tokens issued before it was disabled stay refused.
            TokensNotBefore = now;
            db.AddIntegrationEvent(new PartnerEnabled(Id, now, Version));
        }

        return true;
    }

    /// <summary>Announces the partner's present state again, for a service whose projection missed it.</summary>
    public void Announce(IdentityDbContext db, DateTimeOffset now)
    {
        if (Disabled)
        {
            db.AddIntegrationEvent(new PartnerDisabled(Id, now, Version));
        }
        else
        {
            db.AddIntegrationEvent(new PartnerRegistered(Id, Name, now, Version));
        }
    }
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
        builder.Property(p => p.Version).IsConcurrencyToken();
    }
}
