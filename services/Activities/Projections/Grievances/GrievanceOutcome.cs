using JusticePlatform.Activities.Data;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Projections;
using JusticePlatform.Contracts.Grievances;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Activities.Projections.Grievances;

/// <summary>
/// A case whose survivor obtained redress, as Grievances published it: categories only, for
/// outcome indicators that count grievance outcomes. One row per case. Only the program the case
/// names counts it; one without a program is shown apart, so that its owner can see what counts nowhere.
/// </summary>
public sealed class GrievanceOutcome : IProjectedRow
{
    public Guid CaseId { get; set; }
    public string PartnerId { get; set; } = "";
    public Guid? ProgramId { get; set; }
    public string RedressKind { get; set; } = "";
    public DateOnly RedressDate { get; set; }
    public string? CommunePcode { get; set; }
    public string Sex { get; set; } = "";
    public string AgeBand { get; set; } = "";
    public long? SourceVersion { get; set; }
    public DateTimeOffset? ChangedAt { get; set; }
}

/// <summary>Records a redress outcome; a newer event about the same case replaces an older one, whatever the arrival order.</summary>
[InboxName("GrievanceRedressObtainedConsumer")]
public sealed class GrievanceRedressObtainedConsumer(ActivitiesDbContext db, Inbox<ActivitiesDbContext> inbox)
    : IdempotentConsumer<GrievanceRedressObtained, ActivitiesDbContext>(db, inbox)
{
    protected override bool ReadsByKeyOnly => true;

    protected override async Task HandleAsync(GrievanceRedressObtained message, CancellationToken cancellationToken)
    {
        var outcome = await Db.GrievanceOutcomes.FindOrAddAsync(message.CaseId, () => new GrievanceOutcome { CaseId = message.CaseId }, cancellationToken);

        if (!outcome.TryAdvance(message.Version, message.OccurredAt))
        {
            return;
        }

        outcome.PartnerId = message.PartnerId;
        outcome.ProgramId = message.ProgramId;
        outcome.RedressKind = message.RedressKind;
        outcome.RedressDate = message.RedressDate;
        outcome.CommunePcode = message.CommunePcode;
        outcome.Sex = message.Sex;
        outcome.AgeBand = message.AgeBand;
    }
}

internal sealed class GrievanceOutcomeConfiguration : IEntityTypeConfiguration<GrievanceOutcome>
{
    public void Configure(EntityTypeBuilder<GrievanceOutcome> builder)
    {
        builder.ToTable("grievance_outcomes");
        builder.HasKey(o => o.CaseId);
        builder.IsProjectedRow();
        builder.Property(o => o.CaseId).ValueGeneratedNever();
        builder.Property(o => o.PartnerId).HasMaxLength(100);
        builder.Property(o => o.RedressKind).HasMaxLength(30);
        builder.Property(o => o.CommunePcode).HasMaxLength(8);
        builder.Property(o => o.Sex).HasMaxLength(10);
        builder.Property(o => o.AgeBand).HasMaxLength(10);
        builder.HasIndex(o => new { o.PartnerId, o.RedressDate });
        builder.HasIndex(o => new { o.ProgramId, o.RedressDate });
    }
}
