using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Projections;
using JusticePlatform.BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using JusticePlatform.Contracts.Beneficiaries;

namespace JusticePlatform.Activities.Projections.Beneficiaries;

/// <summary>
/// Local copy of what Activities needs to know of a beneficiary to count attendance and
/// disaggregate indicators: categories only, fed by Beneficiaries' events. No personal data.
/// </summary>
public sealed class KnownBeneficiary : IPartnerOwned, IProjectedRow
{
    public Guid Id { get; set; }
    public string PartnerId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Sex { get; set; } = "";
    public int? BirthYear { get; set; }
    public bool HasDisability { get; set; }
    public string DisplacementStatus { get; set; } = "";
    public string CommunePcode { get; set; } = "";
    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>The record's version in Beneficiaries that the categories above reflect.</summary>
    public long? SourceVersion { get; set; }

    /// <summary>When the categories above were last set: an older event arriving late does not overwrite them.</summary>
    public DateTimeOffset? ChangedAt { get; set; }

    /// <summary>Set when this record was merged into another: count the survivor, not this one.</summary>
    public Guid? MergedIntoId { get; set; }

    /// <summary>Set when the person's personal data was erased; the categories stay so figures stay true.</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    /// <summary>For a group: the beneficiary records of the members it names. Reach counts them as persons.</summary>
    public List<Guid> MemberIds { get; set; } = [];

    /// <summary>For a group: its members by sex and age band. Reach counts them where the group names no member.</summary>
    public List<KnownMemberCount> MemberCounts { get; set; } = [];

    /// <summary>Takes the categories an event carries, unless a newer change has already arrived.</summary>
    public void ApplyCategories(string partnerId, string kind, string sex, int? birthYear, bool hasDisability,
        string displacementStatus, string communePcode, long? version, DateTimeOffset changedAt,
        IEnumerable<GroupMemberCount>? memberCounts = null, IEnumerable<Guid>? memberIds = null)
    {
        if (!this.TryAdvance(version, changedAt))
        {
            return;
        }

        PartnerId = partnerId;
        Kind = kind;
        Sex = sex;
        BirthYear = birthYear;
        HasDisability = hasDisability;
        DisplacementStatus = displacementStatus;
        CommunePcode = communePcode;
        MemberIds = memberIds?.Distinct().ToList() ?? [];
        MemberCounts = (memberCounts ?? []).Where(c => c.Count > 0).Select(c => new KnownMemberCount { Sex = c.Sex, AgeBand = c.AgeBand, Count = c.Count }).ToList();
    }
}

/// <summary>How many members of a group are of one sex and age band.</summary>
public sealed class KnownMemberCount
{
    public string Sex { get; set; } = "";
    public string AgeBand { get; set; } = "";
    public int Count { get; set; }
}

internal static class KnownBeneficiaries
{
    /// <summary>
    /// The projection's row for a beneficiary, added if this is the first event about it to arrive.
    /// Found by key, so a row added or changed by an earlier message of the same inbox commit is found as it now is.
    /// </summary>
    public static Task<KnownBeneficiary> FindOrAddAsync(
        this DbSet<KnownBeneficiary> known, Guid id, string partnerId, DateTimeOffset occurredAt, CancellationToken cancellationToken) =>
        known.FindOrAddAsync(id, () => new KnownBeneficiary { Id = id, PartnerId = partnerId, RegisteredAt = occurredAt }, cancellationToken);

    /// <summary>The rows of a group of messages, loaded and tracked with one query (<see cref="IdempotentConsumer{TMessage, TContext}.LoadAsync"/>).</summary>
    public static Task LoadAsync(this DbSet<KnownBeneficiary> known, IReadOnlyList<object> keys, CancellationToken cancellationToken)
    {
        var ids = keys.Cast<Guid>().ToList();
        return known.Where(b => ids.Contains(b.Id)).LoadAsync(cancellationToken);
    }
}

internal sealed class KnownBeneficiaryConfiguration : IEntityTypeConfiguration<KnownBeneficiary>
{
    public void Configure(EntityTypeBuilder<KnownBeneficiary> builder)
    {
        builder.ToTable("known_beneficiaries");
        builder.HasKey(b => b.Id);
        builder.IsProjectedRow();
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.PartnerId).HasMaxLength(100);
        builder.Property(b => b.Kind).HasMaxLength(20);
        builder.Property(b => b.Sex).HasMaxLength(10);
        builder.Property(b => b.DisplacementStatus).HasMaxLength(20);
        builder.Property(b => b.CommunePcode).HasMaxLength(8);
        builder.HasIndex(b => b.CommunePcode);
        builder.OwnsMany(b => b.MemberCounts, counts => counts.ToJson());

        // The few merged records: re-pointed by a later merge, and looked up by the reports.
        builder.HasIndex(b => b.MergedIntoId);
    }
}
