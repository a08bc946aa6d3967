using JusticePlatform.Activities.Data;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Projections;
using JusticePlatform.Contracts.Funding;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Activities.Projections.Grants;

/// <summary>
/// A grant to a program and how much of it is spent, as Funding published it (in the grant's
/// currency), for the program's report page: figures only, never a call to Funding. One row per grant.
/// </summary>
public sealed class ProgramGrant : IProjectedRow
{
    public Guid GrantId { get; set; }
    public Guid ProgramId { get; set; }
    public string PartnerId { get; set; } = "";

    /// <summary>The partners that read the grant in Funding; only they see its burn.</summary>
    public List<string> Readers { get; set; } = [];

    public string Title { get; set; } = "";
    public string Currency { get; set; } = "";
    public decimal Amount { get; set; }
    public decimal Spent { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public long? SourceVersion { get; set; }
    public DateTimeOffset? ChangedAt { get; set; }
}

/// <summary>Keeps a grant's burn; a newer event about the same grant replaces an older one, whatever the arrival order.</summary>
[InboxName("GrantBurnChangedConsumer")]
public sealed class GrantBurnChangedConsumer(ActivitiesDbContext db, Inbox<ActivitiesDbContext> inbox)
    : IdempotentConsumer<GrantBurnChanged, ActivitiesDbContext>(db, inbox)
{
    protected override bool ReadsByKeyOnly => true;

    protected override async Task HandleAsync(GrantBurnChanged message, CancellationToken cancellationToken)
    {
        var grant = await Db.ProgramGrants.FindOrAddAsync(message.GrantId, () => new ProgramGrant { GrantId = message.GrantId }, cancellationToken);

        if (!grant.TryAdvance(message.Version, message.OccurredAt))
        {
            return;
        }

        grant.ProgramId = message.ProgramId;
        grant.PartnerId = message.PartnerId;
        grant.Readers = message.Readers.ToList();
        grant.Title = message.Title;
        grant.Currency = message.Currency;
        grant.Amount = message.Amount;
        grant.Spent = message.Spent;
        grant.StartDate = message.StartDate;
        grant.EndDate = message.EndDate;
    }
}

internal sealed class ProgramGrantConfiguration : IEntityTypeConfiguration<ProgramGrant>
{
    public void Configure(EntityTypeBuilder<ProgramGrant> builder)
    {
        builder.ToTable("program_grants");
        builder.HasKey(g => g.GrantId);
        builder.IsProjectedRow();
        builder.Property(g => g.GrantId).ValueGeneratedNever();
        builder.Property(g => g.PartnerId).HasMaxLength(100);
        builder.Property(g => g.Title).HasMaxLength(300);
        builder.Property(g => g.Currency).HasMaxLength(3);
        builder.Property(g => g.Amount).HasPrecision(20, 2);
        builder.Property(g => g.Spent).HasPrecision(20, 2);
        builder.HasIndex(g => g.ProgramId);
    }
}
