using JusticePlatform.Activities.Data;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Projections;
using JusticePlatform.Contracts.Funding;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Activities.Iati;

/// <summary>Where a program's budget or transaction came from.</summary>
public static class FinanceSources
{
    /// <summary>Funding published it (a grant's budget line or transaction).</summary>
    public const string Funding = "funding";

    /// <summary>An IATI activity file declared it when the program was imported; no grant in Funding backs it yet.</summary>
    public const string Imported = "iati-import";
}

/// <summary>
/// A program's budget for one period (IATI budget), as Funding published it for a grant's budget
/// line, or as an imported IATI file declared it. Read only through its program.
/// </summary>
public sealed class ProgramBudget : IProjectedRow
{
    public Guid Id { get; set; }
    public Guid ProgramId { get; set; }
    public Guid? GrantId { get; set; }
    public string Source { get; set; } = "";

    /// <summary>IATI BudgetType code (1 original, 2 revised).</summary>
    public string BudgetType { get; set; } = "";

    /// <summary>IATI BudgetStatus code (1 indicative, 2 committed).</summary>
    public string BudgetStatus { get; set; } = "";
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "";
    public DateOnly ValueDate { get; set; }
    public long? SourceVersion { get; set; }
    public DateTimeOffset? ChangedAt { get; set; }
}

/// <summary>A money movement of a program (IATI transaction), from Funding or declared by an imported IATI file.</summary>
public sealed class ProgramTransaction
{
    public Guid Id { get; set; }
    public Guid ProgramId { get; set; }
    public Guid? GrantId { get; set; }
    public string Source { get; set; } = "";

    /// <summary>IATI TransactionType code (2 outgoing commitment, 3 disbursement, 4 expenditure, 11 incoming commitment …).</summary>
    public string TypeCode { get; set; } = "";
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "";
    public DateOnly ValueDate { get; set; }
    public string? ProviderName { get; set; }
    public string? ProviderRef { get; set; }
    public string? ReceiverName { get; set; }
    public string? ReceiverRef { get; set; }
}

/// <summary>Keeps a grant's budget line for its program; a newer version of the line replaces an older one, whatever the arrival order.</summary>
[InboxName("GrantBudgetPeriodRecordedConsumer")]
public sealed class GrantBudgetPeriodRecordedConsumer(ActivitiesDbContext db, Inbox<ActivitiesDbContext> inbox)
    : IdempotentConsumer<GrantBudgetPeriodRecorded, ActivitiesDbContext>(db, inbox)
{
    protected override bool ReadsByKeyOnly => true;

    protected override async Task HandleAsync(GrantBudgetPeriodRecorded message, CancellationToken cancellationToken)
    {
        var budget = await Db.ProgramBudgets.FindOrAddAsync(message.BudgetLineId, () => new ProgramBudget { Id = message.BudgetLineId }, cancellationToken);

        if (!budget.TryAdvance(message.Version, message.OccurredAt))
        {
            return;
        }

        budget.ProgramId = message.ProgramId;
        budget.GrantId = message.GrantId;
        budget.Source = FinanceSources.Funding;
        budget.BudgetType = message.BudgetType;
        budget.BudgetStatus = message.BudgetStatus;
        budget.PeriodStart = message.PeriodStart;
        budget.PeriodEnd = message.PeriodEnd;
        budget.Amount = message.Amount;
        budget.Currency = message.Currency;
        budget.ValueDate = message.PeriodStart;
    }
}

/// <summary>Keeps a grant's transaction for its program. Transactions never change, so the first copy is the one.</summary>
[InboxName("GrantTransactionRecordedConsumer")]
public sealed class GrantTransactionRecordedConsumer(ActivitiesDbContext db, Inbox<ActivitiesDbContext> inbox)
    : IdempotentConsumer<GrantTransactionRecorded, ActivitiesDbContext>(db, inbox)
{
    protected override bool ReadsByKeyOnly => true;

    protected override async Task HandleAsync(GrantTransactionRecorded message, CancellationToken cancellationToken)
    {
        if (await Db.ProgramTransactions.FindAsync([message.TransactionId], cancellationToken) is not null)
        {
            return;
        }

        Db.ProgramTransactions.Add(new ProgramTransaction
        {
            Id = message.TransactionId, ProgramId = message.ProgramId, GrantId = message.GrantId, Source = FinanceSources.Funding,
            TypeCode = message.TransactionTypeCode, Amount = message.Amount, Currency = message.Currency, ValueDate = message.ValueDate,
            ProviderName = message.ProviderName, ProviderRef = message.ProviderIatiIdentifier,
            ReceiverName = message.ReceiverName, ReceiverRef = message.ReceiverIatiIdentifier,
        });
    }
}

internal sealed class ProgramFinanceConfiguration : IEntityTypeConfiguration<ProgramBudget>, IEntityTypeConfiguration<ProgramTransaction>
{
    public void Configure(EntityTypeBuilder<ProgramBudget> builder)
    {
        builder.ToTable("program_budgets");
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Source).HasMaxLength(20);
        builder.Property(b => b.BudgetType).HasMaxLength(2);
        builder.Property(b => b.BudgetStatus).HasMaxLength(2);
        builder.Property(b => b.Amount).HasPrecision(20, 2);
        builder.Property(b => b.Currency).HasMaxLength(3);
        builder.HasIndex(b => b.ProgramId);
    }

    public void Configure(EntityTypeBuilder<ProgramTransaction> builder)
    {
        builder.ToTable("program_transactions");
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Source).HasMaxLength(20);
        builder.Property(t => t.TypeCode).HasMaxLength(3);
        builder.Property(t => t.Amount).HasPrecision(20, 2);
        builder.Property(t => t.Currency).HasMaxLength(3);
        builder.Property(t => t.ProviderName).HasMaxLength(200);
        builder.Property(t => t.ProviderRef).HasMaxLength(100);
        builder.Property(t => t.ReceiverName).HasMaxLength(200);
        builder.Property(t => t.ReceiverRef).HasMaxLength(100);
        builder.HasIndex(t => t.ProgramId);
    }
}
