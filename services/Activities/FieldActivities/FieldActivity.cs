using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Activities.FieldActivities;

/// <summary>
/// What a partner did for a program: a training, a radio broadcast, a distribution... It belongs
/// to the implementing partner, which reports it; the program's lead reads it through a share.
/// </summary>
public sealed class FieldActivity : IPartnerOwned
{
    public Guid Id { get; set; }
    public Guid ProgramId { get; set; }

    /// <summary>The implementing partner.</summary>
    public string PartnerId { get; set; } = "";

    public string Title { get; set; } = "";
    public string Type { get; set; } = "";
    public List<Guid> ResultIds { get; set; } = [];
    public List<Guid> IndicatorIds { get; set; } = [];
    public string CommunePcode { get; set; } = "";
    public DateOnly PlannedStart { get; set; }
    public DateOnly PlannedEnd { get; set; }
    public DateOnly? ActualStart { get; set; }
    public DateOnly? ActualEnd { get; set; }
    public string Status { get; set; } = ActivityStatus.Planned;
    public Money? PlannedCost { get; set; }
    public Money? ActualCost { get; set; }
    public Guid? BudgetLineId { get; set; }
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>A completed activity's reach counts in the period of its actual end.</summary>
    public bool CountsIn(DateOnly? from, DateOnly? to) =>
        Status == ActivityStatus.Completed && ActualEnd is { } end && (from is null || end >= from) && (to is null || end <= to);

    /// <summary>Moves to <paramref name="to"/> if the workflow allows it; returns false (and changes nothing) otherwise.</summary>
    public bool TryMove(string to, DateTimeOffset now)
    {
        if (!ActivityStatus.CanMove(Status, to))
        {
            return false;
        }

        Status = to;
        if (to == ActivityStatus.Completed) CompletedAt = now;
        if (to == ActivityStatus.Cancelled) CancelledAt = now;
        Version++;
        return true;
    }
}

/// <summary>A named person at an activity: a beneficiary id known to the projection. One row per person and activity.</summary>
public sealed class Attendance
{
    public Guid ActivityId { get; set; }
    public Guid BeneficiaryId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>People reached in one category cell by a mass activity (radio, sensitization), reported as a count.</summary>
public sealed class AggregateReach
{
    public Guid ActivityId { get; set; }
    public string Sex { get; set; } = "";
    public string AgeBand { get; set; } = "";

    /// <summary>yes, no or unknown (<see cref="Reach.Disaggregation.Disabilities"/>).</summary>
    public string Disability { get; set; } = Reach.Disaggregation.WithoutDisability;

    /// <summary>A status, or unknown.</summary>
    public string DisplacementStatus { get; set; } = "";

    public int Count { get; set; }
}

internal sealed class FieldActivityConfiguration :
    IEntityTypeConfiguration<FieldActivity>, IEntityTypeConfiguration<Attendance>, IEntityTypeConfiguration<AggregateReach>
{
    public void Configure(EntityTypeBuilder<FieldActivity> builder)
    {
        builder.ToTable("activities");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.PartnerId).HasMaxLength(100);
        builder.Property(a => a.Title).HasMaxLength(300);
        builder.Property(a => a.Type).HasMaxLength(30);
        builder.Property(a => a.CommunePcode).HasMaxLength(8);
        builder.Property(a => a.Status).HasMaxLength(20);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.OwnsOne(a => a.PlannedCost, Money);
        builder.OwnsOne(a => a.ActualCost, Money);
        builder.HasIndex(a => new { a.ProgramId, a.Status, a.ActualEnd });
        builder.HasIndex(a => new { a.PartnerId, a.CreatedAt });
    }

    private static void Money<T>(OwnedNavigationBuilder<T, Money> money) where T : class
    {
        money.Property(m => m.Amount).HasPrecision(18, 2);
        money.Property(m => m.Currency).HasMaxLength(3);
    }

    public void Configure(EntityTypeBuilder<Attendance> builder)
    {
        builder.ToTable("attendance");
        builder.HasKey(a => new { a.ActivityId, a.BeneficiaryId });
        builder.HasIndex(a => a.BeneficiaryId);
    }

    public void Configure(EntityTypeBuilder<AggregateReach> builder)
    {
        builder.ToTable("aggregate_reach");
        builder.HasKey(r => new { r.ActivityId, r.Sex, r.AgeBand, r.Disability, r.DisplacementStatus });
        builder.Property(r => r.Disability).HasMaxLength(10);
        builder.Property(r => r.Sex).HasMaxLength(10);
        builder.Property(r => r.AgeBand).HasMaxLength(10);
        builder.Property(r => r.DisplacementStatus).HasMaxLength(20);
    }
}
