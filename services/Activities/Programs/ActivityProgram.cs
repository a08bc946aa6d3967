using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Activities.Programs;

public static class ProgramStatus
{
    public static readonly CodeList All = new("programStatus", ["ProgramRequest.status", "ProgramResponse.status"],
        ("planned", "Planned"), ("active", "Active"), ("closed", "Closed"), ("suspended", "Suspended"));
}

public static class MemberRoles
{
    public const string Lead = "lead";

    /// <summary>Roles of a consortium member; the lead is the program's owner and has the role "lead".</summary>
    public static readonly CodeList All = new("memberRole", ["role"],
        (Lead, "Lead"), ("implementing", "Implementing partner"), ("technical", "Technical partner"), ("monitoring", "Monitoring partner"));
}

/// <summary>
/// A member's answer to the lead's invitation. Only an accepted member reads the program and
/// records against it; the lead is accepted from the start.
/// </summary>
public static class MemberStatus
{
    public const string Invited = "invited";
    public const string Accepted = "accepted";
    public const string Declined = "declined";

    public static readonly CodeList All = new("memberStatus", ["MemberResponse.status"],
        (Invited, "Invited"), (Accepted, "Accepted"), (Declined, "Declined"));
}

/// <summary>
/// A program run by a consortium. The lead partner owns it (and only the lead changes it); every
/// member partner reads it through a record share, given when it accepts the lead's invitation, so
/// that no partner outside the consortium (or only invited to it) sees it.
/// </summary>
public sealed class ActivityProgram : IPartnerOwned
{
    public Guid Id { get; set; }

    /// <summary>The lead partner.</summary>
    public string PartnerId { get; set; } = "";

    public string Code { get; set; } = "";
    public string TitleFr { get; set; } = "";
    public string? TitleEn { get; set; }
    public string? DescriptionFr { get; set; }
    public string? DescriptionEn { get; set; }

    /// <summary>The lead's IATI organisation identifier (XM-DAC-41146, XI-IATI-EC_INTPA), the reporting-org of the program's IATI activity.</summary>
    public string? ReportingOrgRef { get; set; }

    /// <summary>The activity's IATI identifier: the reporting organisation's identifier, a dash, and the program's own reference.</summary>
    public string? IatiIdentifier { get; set; }
    public List<string> FunderIds { get; set; } = [];
    public List<string> SectorCodes { get; set; } = [];
    public List<string> CommunePcodes { get; set; } = [];
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public string Status { get; set; } = "";
    public List<ProgramMember> Members { get; set; } = [];
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public bool IsLead(string? partnerId) => partnerId is not null && PartnerId == partnerId;

    /// <summary>The lead, or a member that accepted its invitation.</summary>
    public bool IsMember(string? partnerId) =>
        partnerId is not null && Members.Any(m => m.PartnerId == partnerId && m.Status == MemberStatus.Accepted);

    /// <summary>Whether a commune P-code (at any level) lies within the program's areas; a program without areas covers everywhere.</summary>
    public bool Covers(string? pcode) =>
        CommunePcodes.Count == 0 || (pcode is not null && CommunePcodes.Any(area => pcode.StartsWith(area, StringComparison.Ordinal)));
}

/// <summary>A partner of the consortium and its role.</summary>
public sealed class ProgramMember
{
    public Guid ProgramId { get; set; }
    public string PartnerId { get; set; } = "";
    public string Role { get; set; } = "";

    /// <summary>invited, accepted or declined (<see cref="MemberStatus"/>).</summary>
    public string Status { get; set; } = MemberStatus.Invited;
}

internal sealed class ActivityProgramConfiguration : IEntityTypeConfiguration<ActivityProgram>
{
    public void Configure(EntityTypeBuilder<ActivityProgram> builder)
    {
        builder.ToTable("programs");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.PartnerId).HasMaxLength(100);
        builder.Property(p => p.Code).HasMaxLength(50);
        builder.Property(p => p.TitleFr).HasMaxLength(300);
        builder.Property(p => p.TitleEn).HasMaxLength(300);
        builder.Property(p => p.DescriptionFr).HasMaxLength(4000);
        builder.Property(p => p.DescriptionEn).HasMaxLength(4000);
        builder.Property(p => p.ReportingOrgRef).HasMaxLength(100);
        builder.Property(p => p.IatiIdentifier).HasMaxLength(200);
        builder.Property(p => p.Status).HasMaxLength(20);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => new { p.PartnerId, p.Code }).IsUnique();
        builder.HasMany(p => p.Members).WithOne().HasForeignKey(m => m.ProgramId);
    }
}

internal sealed class ProgramMemberConfiguration : IEntityTypeConfiguration<ProgramMember>
{
    public void Configure(EntityTypeBuilder<ProgramMember> builder)
    {
        builder.ToTable("program_members");
        builder.HasKey(m => new { m.ProgramId, m.PartnerId });
        builder.Property(m => m.PartnerId).HasMaxLength(100);
        builder.Property(m => m.Role).HasMaxLength(20);
        builder.Property(m => m.Status).HasMaxLength(20);
        builder.HasIndex(m => m.PartnerId);
    }
}
