using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.Contracts.Activities;
using JusticePlatform.Funding.Data;
using JusticePlatform.Funding.Grants;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;
using JusticePlatform.Funding.Transactions;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Funding.Expenditures;

/// <summary>
/// A completed activity's actual cost becomes an expenditure on the budget line it names, once
/// (<see cref="ExpenditureBooking"/>); what cannot be booked is listed as an
/// <see cref="UnbookedExpenditure"/> with its reason, never only logged. The inbox drops a
/// redelivered message; the activity's <see cref="ActivityCost"/> row keeps a second completion,
/// or one that arrives after the cancellation, from booking anything.
/// </summary>
[InboxName("ActivityCompletedConsumer")]
public sealed class ActivityCompletedConsumer(FundingDbContext db, Inbox<FundingDbContext> inbox, TimeProvider clock)
    : IdempotentConsumer<ActivityCompleted, FundingDbContext>(db, inbox)
{
    protected override async Task HandleAsync(ActivityCompleted message, CancellationToken cancellationToken)
    {
        if (message.ActualCost is not { } cost)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var activity = await ActivityCosts.ClaimAsync(Db, message.ActivityId, cancellationToken);
        if (activity.CompletedAt is not null || activity.CancelledAt is not null)
        {
            activity.Complete(now);
            return;
        }

        activity.Complete(now);
        var charge = new ActivityCharge(message.ActivityId, message.ProgramId, message.PartnerId, message.BudgetLineId, cost.Amount, cost.Currency, cost.ValueDate);
        var outcome = await ExpenditureBooking.TryBookAsync(Db, charge, now, cancellationToken);
        if (outcome.Reason is { } reason)
        {
            Db.UnbookedExpenditures.Add(UnbookedExpenditure.Record(charge, outcome.GrantId, reason, now));
        }
    }
}

/// <summary>
/// A cancelled activity: the expenditure booked for it is reversed (a negative one is added, the
/// original marked reversed), and a cost listed as unbooked is withdrawn. The cancellation is
/// remembered either way, so a completion that arrives after it books nothing.
/// </summary>
[InboxName("ActivityCancelledConsumer")]
public sealed class ActivityCancelledConsumer(FundingDbContext db, Inbox<FundingDbContext> inbox, TimeProvider clock, ILogger<ActivityCancelledConsumer> logger)
    : IdempotentConsumer<ActivityCancelled, FundingDbContext>(db, inbox)
{
    protected override async Task HandleAsync(ActivityCancelled message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var activity = await ActivityCosts.ClaimAsync(Db, message.ActivityId, cancellationToken);
        if (activity.CancelledAt is not null)
        {
            return;
        }

        activity.Cancel(now);
        var booked = await Db.Transactions.FirstOrDefaultAsync(
            t => t.ActivityId == message.ActivityId && t.Type == "expenditure" && t.ReversalOf == null && !t.Reversed, cancellationToken);
        if (booked is not null)
        {
            var reversal = booked.Reverse(now);
            Db.Transactions.Add(reversal);
            if (await Db.Grants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == booked.GrantId, cancellationToken) is { } grant)
            {
                Db.AddIntegrationEvent(IatiEvents.Transaction(reversal, grant, now));
                try
                {
                    Db.AddIntegrationEvent(await GrantBurnEvents.ChangedAsync(Db, grant, reversal, now, cancellationToken));
                }
                catch (MissingRateException missing)
                {
                    logger.LogWarning("No {From}/{To} rate on {Date}: the reversal of activity {ActivityId} is booked but the grant's burn is not published",
                        missing.From, missing.To, missing.Date, message.ActivityId);
                }
            }

            if (await Db.BudgetLines.FirstOrDefaultAsync(l => l.Id == booked.BudgetLineId, cancellationToken) is { } line)
            {
                line.RecordBooking();
            }
        }

        foreach (var unbooked in await Db.UnbookedExpenditures.Where(u => u.ActivityId == message.ActivityId && u.Status == "open").ToListAsync(cancellationToken))
        {
            unbooked.Withdraw(now);
        }
    }
}

internal static class ActivityCosts
{
    /// <summary>The activity's row, made when this is the first word of it; the caller changes it, so two handlers at once conflict.</summary>
    public static async Task<ActivityCost> ClaimAsync(FundingDbContext db, Guid activityId, CancellationToken cancellationToken)
    {
        var row = await db.ActivityCosts.FirstOrDefaultAsync(c => c.ActivityId == activityId, cancellationToken);
        if (row is null)
        {
            row = new ActivityCost(activityId);
            db.ActivityCosts.Add(row);
        }

        return row;
    }
}
