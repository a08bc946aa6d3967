using JusticePlatform.BuildingBlocks.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Activities.Frameworks;

public static class Framework
{
    /// <summary>
    /// Objective, result and indicator codes are their IATI references (result/reference/@code,
    /// indicator/reference/@code), which IATI does not bound: long enough for donors' own references.
    /// </summary>
    public const int MaxCodeLength = 100;
}

public static class ObjectiveKinds
{
    public static readonly CodeList All = new("objectiveKind", ["kind"], ("overall", "Overall objective"), ("specific", "Specific objective"));
}

/// <summary>IATI result types.</summary>
public static class ResultTypes
{
    public static readonly CodeList All = new("resultType", ["ResultRequest.type", "ResultResponse.type", "IndicatorProgress.resultType"], ("output", "Output"), ("outcome", "Outcome"), ("impact", "Impact"));
}

/// <summary>IATI indicator measures.</summary>
public static class Measures
{
    public const string Unit = "unit";
    public const string Percentage = "percentage";
    public const string Qualitative = "qualitative";
    public static readonly CodeList All = new("measure", (Unit, "Unit"), (Percentage, "Percentage"), (Qualitative, "Qualitative"));
}

/// <summary>How an indicator's actual value is obtained.</summary>
public static class ActualSources
{
    /// <summary>Distinct people in the named attendance of completed linked activities.</summary>
    public const string DistinctPeople = "distinct_people";

    /// <summary>The aggregate reach counts of completed linked activities (radio, sensitization).</summary>
    public const string AggregateReach = "aggregate_reach";

    /// <summary>Grievance outcomes (redress obtained) of the consortium's cases in the program's areas.</summary>
    public const string GrievanceOutcomes = "grievance_outcomes";

    /// <summary>A percentage of two other indicators of the program: numerator / denominator × 100.</summary>
    public const string Ratio = "percentage_of_indicators";

    /// <summary>A value entered by hand with a comment (qualitative findings, external sources).</summary>
    public const string Manual = "manual";

    public static readonly CodeList All = new("actualSource", ["IndicatorRequest.source", "IndicatorResponse.source", "IndicatorProgress.source"],
        (DistinctPeople, "Distinct people attending"), (AggregateReach, "Aggregate reach counts"), (GrievanceOutcomes, "Grievance outcomes"),
        (Ratio, "Percentage of two indicators"), (Manual, "Entered by hand"));

    public static bool CountsPeople(string source) => source is DistinctPeople or AggregateReach or GrievanceOutcomes;
}

public sealed class Objective
{
    public Guid Id { get; set; }
    public Guid ProgramId { get; set; }
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public string Kind { get; set; } = "";
}

public sealed class Result
{
    public Guid Id { get; set; }
    public Guid ProgramId { get; set; }
    public Guid ObjectiveId { get; set; }
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public string Type { get; set; } = "";
}

public sealed class Indicator
{
    public Guid Id { get; set; }
    public Guid ProgramId { get; set; }
    public Guid ResultId { get; set; }
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public string Measure { get; set; } = "";
    public bool Ascending { get; set; } = true;
    public int? BaselineYear { get; set; }
    public decimal? BaselineValue { get; set; }
    public List<string> Dimensions { get; set; } = [];
    public string Source { get; set; } = "";
    public Guid? NumeratorId { get; set; }
    public Guid? DenominatorId { get; set; }
    public List<IndicatorTarget> Targets { get; set; } = [];
}

/// <summary>A period's target for an indicator: in total (no dimension) or for one value of a dimension.</summary>
public sealed class IndicatorTarget
{
    public Guid IndicatorId { get; set; }
    public Guid PeriodId { get; set; }
    public string Dimension { get; set; } = "";
    public string DimensionValue { get; set; } = "";
    public decimal Value { get; set; }
}

/// <summary>A reporting period of a program (a quarter, a year). Once the lead locks it, its actuals no longer change.</summary>
public sealed class ReportingPeriod
{
    public Guid Id { get; set; }
    public Guid ProgramId { get; set; }
    public string Label { get; set; } = "";
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public DateTimeOffset? LockedAt { get; set; }
    public string? LockedBy { get; set; }

    public bool Contains(DateOnly date) => date >= StartDate && date <= EndDate;
}

/// <summary>Whether a value entered by hand counts: the lead's count at once; a member's once the lead accepts it.</summary>
public static class ManualValueStatus
{
    public const string Accepted = "accepted";
    public const string Pending = "pending";
    public const string Rejected = "rejected";

    public static readonly CodeList All = new("manualValueStatus", ["ManualValueResponse.status"],
        (Accepted, "Accepted"), (Pending, "Pending"), (Rejected, "Rejected"));
}

/// <summary>
/// A value entered by hand for an indicator and period, with its comment, by the partner <see cref="EnteredBy"/>.
/// Of the accepted ones, the latest to be accepted counts (<see cref="ManualValues.Counted"/>).
/// </summary>
public sealed class ManualValue
{
    public Guid Id { get; set; }
    public Guid IndicatorId { get; set; }
    public Guid PeriodId { get; set; }
    public decimal? Value { get; set; }
    public string? Text { get; set; }
    public string Comment { get; set; } = "";

    /// <summary>The partner that entered it.</summary>
    public string EnteredBy { get; set; } = "";
    public DateTimeOffset EnteredAt { get; set; }

    /// <summary>accepted, pending or rejected (<see cref="ManualValueStatus"/>); values entered before members' values waited for the lead are accepted.</summary>
    public string Status { get; set; } = ManualValueStatus.Accepted;

    /// <summary>The lead partner that accepted or rejected a member's value, and when.</summary>
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
}

/// <summary>Which value entered by hand counts, and who may enter one.</summary>
public static class ManualValues
{
    /// <summary>The lead's values count as entered; a member's waits for the lead.</summary>
    public static string StatusOfNew(bool enteredByLead) => enteredByLead ? ManualValueStatus.Accepted : ManualValueStatus.Pending;

    /// <summary>The value that counts: of the accepted ones, the latest to be accepted (a member's, when the lead accepted it).</summary>
    public static ManualValue? Counted(IEnumerable<ManualValue> values) =>
        values.Where(v => v.Status == ManualValueStatus.Accepted)
            .OrderByDescending(v => v.ReviewedAt ?? v.EnteredAt).ThenByDescending(v => v.EnteredAt)
            .FirstOrDefault();

    /// <summary>A member may not put its value over one the lead entered for the same indicator and period.</summary>
    public static bool OverwritesLead(IEnumerable<ManualValue> existing, string leadPartnerId, bool enteredByLead) =>
        !enteredByLead && existing.Any(v => v.EnteredBy == leadPartnerId && v.Status == ManualValueStatus.Accepted);
}

internal sealed class FrameworkConfiguration :
    IEntityTypeConfiguration<Objective>, IEntityTypeConfiguration<Result>, IEntityTypeConfiguration<Indicator>,
    IEntityTypeConfiguration<IndicatorTarget>, IEntityTypeConfiguration<ReportingPeriod>, IEntityTypeConfiguration<ManualValue>
{
    public void Configure(EntityTypeBuilder<Objective> builder)
    {
        builder.ToTable("objectives");
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Code).HasMaxLength(Framework.MaxCodeLength);
        builder.Property(o => o.Title).HasMaxLength(500);
        builder.Property(o => o.Kind).HasMaxLength(20);
        builder.HasIndex(o => new { o.ProgramId, o.Code }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<Result> builder)
    {
        builder.ToTable("results");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Code).HasMaxLength(Framework.MaxCodeLength);
        builder.Property(r => r.Title).HasMaxLength(500);
        builder.Property(r => r.Type).HasMaxLength(20);
        builder.HasIndex(r => new { r.ProgramId, r.Code }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<Indicator> builder)
    {
        builder.ToTable("indicators");
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Code).HasMaxLength(Framework.MaxCodeLength);
        builder.Property(i => i.Title).HasMaxLength(500);
        builder.Property(i => i.Measure).HasMaxLength(20);
        builder.Property(i => i.Source).HasMaxLength(40);
        builder.Property(i => i.BaselineValue).HasPrecision(18, 4);
        builder.HasIndex(i => new { i.ProgramId, i.Code }).IsUnique();
        builder.HasMany(i => i.Targets).WithOne().HasForeignKey(t => t.IndicatorId);
    }

    public void Configure(EntityTypeBuilder<IndicatorTarget> builder)
    {
        builder.ToTable("indicator_targets");
        builder.HasKey(t => new { t.IndicatorId, t.PeriodId, t.Dimension, t.DimensionValue });
        builder.Property(t => t.Dimension).HasMaxLength(20);
        builder.Property(t => t.DimensionValue).HasMaxLength(20);
        builder.Property(t => t.Value).HasPrecision(18, 4);
    }

    public void Configure(EntityTypeBuilder<ReportingPeriod> builder)
    {
        builder.ToTable("reporting_periods");
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Label).HasMaxLength(40);
        builder.Property(p => p.LockedBy).HasMaxLength(100);
        builder.HasIndex(p => new { p.ProgramId, p.Label }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<ManualValue> builder)
    {
        builder.ToTable("manual_values");
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.Value).HasPrecision(18, 4);
        builder.Property(v => v.Text).HasMaxLength(2000);
        builder.Property(v => v.Comment).HasMaxLength(2000);
        builder.Property(v => v.EnteredBy).HasMaxLength(100);
        builder.Property(v => v.Status).HasMaxLength(20).HasDefaultValue(ManualValueStatus.Accepted);
        builder.Property(v => v.ReviewedBy).HasMaxLength(100);
        builder.HasIndex(v => new { v.IndicatorId, v.PeriodId, v.EnteredAt });
    }
}
