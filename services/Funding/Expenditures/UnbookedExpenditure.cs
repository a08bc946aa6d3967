using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.Funding.Expenditures;

/// <summary>Why a completed activity's cost could not be booked on a budget line.</summary>
public enum UnbookedReason
{
    /// <summary>The activity names no budget line.</summary>
    NoBudgetLine,

    /// <summary>The line it names is not a line Funding knows.</summary>
    UnknownBudgetLine,

    /// <summary>The line's grant funds another program than the activity's.</summary>
    OtherProgram,

    /// <summary>The activity's partner is neither the grant's recipient nor one of its sub-recipients.</summary>
    PartnerMayNotCharge,

    /// <summary>The line (or its grant) was closed.</summary>
    BudgetLineClosed,

    /// <summary>No exchange rate from the cost's currency into the line's on the cost's value date.</summary>
    NoExchangeRate,

    /// <summary>The money rules refuse the cost (its currency or amount).</summary>
    CostRefused,
}

/// <summary>
/// A completed activity's cost that Funding could not book, with the reason, listed under its
/// grant (when the line named one) and its program until the people concerned resolve it: by
/// assigning a line (booked then, once, as any booking) or by dismissing it with a reason. A
/// cancellation of the activity withdraws it. Not owned by one partner: who sees it is decided by
/// <see cref="UnbookedAccess"/> from the grant's parties and the activity's partner.
/// </summary>
public sealed class UnbookedExpenditure
{
    public static readonly CodeList Statuses = new("unbookedExpenditureStatus", ["UnbookedExpenditureResponse.status", "UnbookedListQuery.status"],
        ("open", "Open"), ("booked", "Booked"), ("dismissed", "Dismissed"), ("withdrawn", "Withdrawn"));

    private UnbookedExpenditure()
    {
    }

    public Guid Id { get; private set; }
    public Guid ActivityId { get; private set; }
    public Guid ProgramId { get; private set; }

    /// <summary>The partner whose activity it is.</summary>
    public string ActivityPartnerId { get; private set; } = "";

    /// <summary>The grant of the line the activity named, when Funding knows that line.</summary>
    public Guid? GrantId { get; private set; }

    public Guid? BudgetLineId { get; private set; }
    public decimal Amount { get; private set; }

    /// <summary>As the activity reported it: not necessarily a currency the money rules accept.</summary>
    public string Currency { get; private set; } = "";

    public DateOnly ValueDate { get; private set; }
    public UnbookedReason Reason { get; private set; }
    public string Status { get; private set; } = "open";

    /// <summary>The expenditure booked when a line was assigned.</summary>
    public Guid? TransactionId { get; private set; }

    public string? DismissalReason { get; private set; }
    public string? ResolvedBy { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
    public int Version { get; private set; }

    public bool IsOpen => Status == "open";

    public static UnbookedExpenditure Record(ActivityCharge charge, Guid? grantId, UnbookedReason reason, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ActivityId = charge.ActivityId,
        ProgramId = charge.ProgramId,
        ActivityPartnerId = charge.PartnerId,
        GrantId = grantId,
        BudgetLineId = charge.BudgetLineId,
        Amount = charge.Amount,
        Currency = charge.Currency,
        ValueDate = charge.ValueDate,
        Reason = reason,
        RecordedAt = now,
        Version = 1,
    };

    public ActivityCharge Charge => new(ActivityId, ProgramId, ActivityPartnerId, BudgetLineId, Amount, Currency, ValueDate);

    public void Booked(Guid grantId, Guid lineId, Guid transactionId, string by, DateTimeOffset now)
    {
        GrantId = grantId;
        BudgetLineId = lineId;
        TransactionId = transactionId;
        Resolve("booked", by, now);
    }

    public void Dismiss(string reason, string by, DateTimeOffset now)
    {
        DismissalReason = reason;
        Resolve("dismissed", by, now);
    }

    /// <summary>The activity was cancelled: nothing is left to book.</summary>
    public void Withdraw(DateTimeOffset now) => Resolve("withdrawn", null, now);

    private void Resolve(string status, string? by, DateTimeOffset now)
    {
        Status = status;
        ResolvedBy = by;
        ResolvedAt = now;
        Version++;
    }
}

/// <summary>A completed activity's cost as Funding books it: from the event, or from an unbooked row with the line a partner assigned.</summary>
public sealed record ActivityCharge(Guid ActivityId, Guid ProgramId, string PartnerId, Guid? BudgetLineId, decimal Amount, string Currency, DateOnly ValueDate);
