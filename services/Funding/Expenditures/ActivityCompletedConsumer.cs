using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.Contracts.Activities;
using JusticePlatform.Funding.Data;
using JusticePlatform.Funding.Grants;
using JusticePlatform.Funding.Money;
using JusticePlatform.Funding.Transactions;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Funding.Expenditures;

/// <summary>
/// A completed activity's actual cost becomes an expenditure on the budget line it names, once:
/// the inbox drops a redelivered message, and an activity already booked is not booked again.
/// The cost stays in the currency it was paid in; it is converted into the line's currency, at
/// its value date, to tell whether it takes the line over its budget (then BudgetLineOverspent
/// is published through the outbox, in the same transaction). An activity already cancelled
/// (its cancellation overtook the completion) is not booked.
/// </summary>
[InboxName("ActivityCompletedConsumer")]
public sealed class ActivityCompletedConsumer(FundingDbContext db, Inbox<FundingDbContext> inbox, TimeProvider clock, ILogger<ActivityCompletedConsumer> logger)
    : IdempotentConsumer<ActivityCompleted, FundingDbContext>(db, inbox)
{
    protected override async Task HandleAsync(ActivityCompleted message, CancellationToken cancellationToken)
    {
        if (message.BudgetLineId is not { } lineId || message.ActualCost is not { } cost)
        {
            return;
        }

        var line = await Db.BudgetLines.FirstOrDefaultAsync(l => l.Id == lineId, cancellationToken);
        var grant = line is null ? null : await Db.Grants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == line.GrantId, cancellationToken);
        if (line is null || grant is null)
        {
            logger.LogWarning("Activity {ActivityId} names budget line {BudgetLineId}, which Funding does not know; its cost is not booked", message.ActivityId, lineId);
            return;
        }

        if (grant.RecipientPartnerId != message.PartnerId && grant.PartnerId != message.PartnerId)
        {
            logger.LogWarning("Activity {ActivityId} of partner {PartnerId} names budget line {BudgetLineId} of a grant it does not receive; its cost is not booked",
                message.ActivityId, message.PartnerId, lineId);
            return;
        }

        var bookingKey = $"activity-completed:{message.ActivityId}";
        if (await Db.Transactions.AnyAsync(t => t.BookingKey == bookingKey, cancellationToken))
        {
            return;
        }

        if (await Db.CancelledActivities.AnyAsync(c => c.ActivityId == message.ActivityId, cancellationToken))
        {
            logger.LogInformation("Activity {ActivityId} was cancelled before its completion arrived; its cost is not booked", message.ActivityId);
            return;
        }

        Money.Money money;
        try
        {
            money = Money.Money.Of(cost.Amount, cost.Currency, cost.ValueDate);
        }
        catch (MoneyException)
        {
            logger.LogWarning("Activity {ActivityId} reports a cost the money rules refuse (currency {Currency}); it is not booked", message.ActivityId, cost.Currency);
            return;
        }

        var now = clock.GetUtcNow();
        var expenditure = GrantTransaction.ActivityExpenditure(grant.Id, line.Id, message.ActivityId, money, message.PartnerId, now);
        try
        {
            var converter = await Db.ConverterAsync(cancellationToken);
            var booked = await Db.Transactions.AsNoTracking().Where(t => t.BudgetLineId == line.Id).ToListAsync(cancellationToken);
            var before = Overspending.Spent(line, booked, converter);
            var after = Overspending.Spent(line, booked.Append(expenditure), converter);
            if (Overspending.Check(line, before, after, now) is { } overspent)
            {
                Db.AddIntegrationEvent(overspent);
            }
        }
        catch (MissingRateException missing)
        {
            logger.LogWarning("No {From}/{To} rate on {Date}: the cost of activity {ActivityId} is booked but the overspending check is skipped",
                missing.From, missing.To, missing.Date, message.ActivityId);
        }

        line.RecordBooking();
        Db.Transactions.Add(expenditure);
        Db.AddIntegrationEvent(IatiEvents.Transaction(expenditure, grant, now));
    }
}

/// <summary>
/// A cancelled activity whose cost was booked: the expenditure is reversed (a negative one is
/// added, the original marked reversed). The cancellation is remembered either way, so a
/// completion that arrives after it is not booked.
/// </summary>
[InboxName("ActivityCancelledConsumer")]
public sealed class ActivityCancelledConsumer(FundingDbContext db, Inbox<FundingDbContext> inbox, TimeProvider clock)
    : IdempotentConsumer<ActivityCancelled, FundingDbContext>(db, inbox)
{
    protected override async Task HandleAsync(ActivityCancelled message, CancellationToken cancellationToken)
    {
        if (!await Db.CancelledActivities.AnyAsync(c => c.ActivityId == message.ActivityId, cancellationToken))
        {
            Db.CancelledActivities.Add(new CancelledActivity(message.ActivityId, clock.GetUtcNow()));
        }

        var booked = await Db.Transactions.FirstOrDefaultAsync(
            t => t.ActivityId == message.ActivityId && t.Type == "expenditure" && t.ReversalOf == null && !t.Reversed, cancellationToken);
        if (booked is not null)
        {
            var reversal = booked.Reverse(clock.GetUtcNow());
            Db.Transactions.Add(reversal);
            if (await Db.Grants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == booked.GrantId, cancellationToken) is { } grant)
            {
                Db.AddIntegrationEvent(IatiEvents.Transaction(reversal, grant, reversal.RecordedAt));
            }
            if (await Db.BudgetLines.FirstOrDefaultAsync(l => l.Id == booked.BudgetLineId, cancellationToken) is { } line)
            {
                line.RecordBooking();
            }
        }
    }
}
