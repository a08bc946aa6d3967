using JusticePlatform.Activities.Data;
using JusticePlatform.BuildingBlocks.Projections;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Activities.Projections.Grants;

/// <summary>
/// Funding's grant as Activities needs it to check, at the source, the budget line an activity
/// names: the program it funds and the partners that may charge it. A projection of
/// <see cref="Contracts.Funding.GrantChanged"/>, never written by a partner. Organisations and
/// ids only.
/// </summary>
public sealed class ProjectedGrant : IProjectedRow
{
    public Guid Id { get; set; }
    public Guid ProgramId { get; set; }
    public string Currency { get; set; } = "";
    public string RecipientPartnerId { get; set; } = "";

    /// <summary>The recipient and its sub-recipients.</summary>
    public List<string> ChargingPartnerIds { get; set; } = [];

    public long? SourceVersion { get; set; }
    public DateTimeOffset? ChangedAt { get; set; }
}

/// <summary>One line of a projected grant; gone when Funding no longer lists it.</summary>
public sealed class ProjectedBudgetLine
{
    public Guid Id { get; set; }
    public Guid GrantId { get; set; }
    public Guid? ResultId { get; set; }
    public bool Open { get; set; }
}

internal sealed class ProjectedGrantConfiguration : IEntityTypeConfiguration<ProjectedGrant>, IEntityTypeConfiguration<ProjectedBudgetLine>
{
    public void Configure(EntityTypeBuilder<ProjectedGrant> builder)
    {
        builder.ToTable("projected_grants");
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.Property(g => g.Currency).HasMaxLength(3);
        builder.Property(g => g.RecipientPartnerId).HasMaxLength(100);
        builder.IsProjectedRow();
    }

    public void Configure(EntityTypeBuilder<ProjectedBudgetLine> builder)
    {
        builder.ToTable("projected_budget_lines");
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.HasIndex(l => l.GrantId);
    }
}

/// <summary>Why a budget line may not take an activity's cost, as a rule break names it.</summary>
public enum BudgetLineRefusal
{
    Unknown,
    OtherProgram,
    Closed,
    MayNotCharge,
}

/// <summary>The projected lines named by some activities, with their grants, read in two queries.</summary>
public sealed class GrantLines(IReadOnlyDictionary<Guid, (ProjectedBudgetLine Line, ProjectedGrant Grant)> lines)
{
    public static async Task<GrantLines> LoadAsync(ActivitiesDbContext db, IEnumerable<Guid?> budgetLineIds, CancellationToken cancellationToken)
    {
        var ids = budgetLineIds.OfType<Guid>().Distinct().ToList();
        if (ids.Count == 0)
        {
            return new GrantLines(new Dictionary<Guid, (ProjectedBudgetLine, ProjectedGrant)>());
        }

        var found = await db.ProjectedBudgetLines.AsNoTracking().Where(l => ids.Contains(l.Id)).ToListAsync(cancellationToken);
        var grantIds = found.Select(l => l.GrantId).Distinct().ToList();
        var grants = await db.ProjectedGrants.AsNoTracking().Where(g => grantIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, cancellationToken);
        return new GrantLines(found.Where(l => grants.ContainsKey(l.GrantId)).ToDictionary(l => l.Id, l => (l, grants[l.GrantId])));
    }

    /// <summary>Null when the line takes the cost of an activity of <paramref name="programId"/> by <paramref name="partnerId"/>.</summary>
    public BudgetLineRefusal? Refusal(Guid budgetLineId, Guid programId, string partnerId)
    {
        if (!lines.TryGetValue(budgetLineId, out var found)) return BudgetLineRefusal.Unknown;
        if (found.Grant.ProgramId != programId) return BudgetLineRefusal.OtherProgram;
        if (!found.Line.Open) return BudgetLineRefusal.Closed;
        return found.Grant.ChargingPartnerIds.Contains(partnerId) ? null : BudgetLineRefusal.MayNotCharge;
    }
}
