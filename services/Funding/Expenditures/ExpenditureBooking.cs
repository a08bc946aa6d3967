using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Funding.Data;
using JusticePlatform.Funding.Grants;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;
using JusticePlatform.Funding.Transactions;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Funding.Expenditures;

/// <summary>What became of a charge: the expenditure booked, or why none was (and the grant of the line, when known).</summary>
public sealed record BookingOutcome(GrantTransaction? Booked, UnbookedReason? Reason, Guid? GrantId);

/// <summary>
/// One copy of the rules that put an activity's cost on a budget line, for a completion and for a
/// line assigned to an unbooked cost: the line exists, its grant funds the activity's program,
/// the activity's partner may charge it, the line is open, the money rules accept the cost and a
/// rate converts it into the line's currency. The cost stays in its own currency; converted at
/// its value date it tells whether it takes the line over its budget (then BudgetLineOverspent
/// goes out through the outbox, in the same transaction).
/// </summary>
public static class ExpenditureBooking
{
    public static async Task<BookingOutcome> TryBookAsync(FundingDbContext db, ActivityCharge charge, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (charge.BudgetLineId is not { } lineId)
        {
            return new BookingOutcome(null, UnbookedReason.NoBudgetLine, null);
        }

        var line = await db.BudgetLines.FirstOrDefaultAsync(l => l.Id == lineId, cancellationToken);
        // The ownership filter is set aside: the charging partner need not own the grant. Callers check who may resolve.
        var grant = line is null ? null : await db.Grants.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).AsNoTracking()
            .FirstOrDefaultAsync(g => g.Id == line.GrantId, cancellationToken);
        if (line is null || grant is null)
        {
            return new BookingOutcome(null, UnbookedReason.UnknownBudgetLine, null);
        }

        if (grant.ProgramId != charge.ProgramId)
        {
            return new BookingOutcome(null, UnbookedReason.OtherProgram, grant.Id);
        }

        if (!grant.MayCharge(charge.PartnerId))
        {
            return new BookingOutcome(null, UnbookedReason.PartnerMayNotCharge, grant.Id);
        }

        if (line.Closed || grant.IsClosed)
        {
            return new BookingOutcome(null, UnbookedReason.BudgetLineClosed, grant.Id);
        }

        Money money;
        try
        {
            money = Money.Of(charge.Amount, charge.Currency, charge.ValueDate);
        }
        catch (MoneyException)
        {
            return new BookingOutcome(null, UnbookedReason.CostRefused, grant.Id);
        }

        var expenditure = GrantTransaction.ActivityExpenditure(grant.Id, line.Id, charge.ActivityId, money, charge.PartnerId, now);
        try
        {
            var converter = await db.ConverterAsync(cancellationToken);
            var booked = await db.Transactions.AsNoTracking().Where(t => t.BudgetLineId == line.Id).ToListAsync(cancellationToken);
            var before = Overspending.Spent(line, booked, converter);
            var after = Overspending.Spent(line, booked.Append(expenditure), converter);
            var burn = await GrantBurnEvents.ChangedAsync(db, grant, expenditure, now, cancellationToken);
            if (Overspending.Check(line, before, after, now) is { } overspent)
            {
                db.AddIntegrationEvent(overspent);
            }

            db.AddIntegrationEvent(burn);
        }
        catch (MissingRateException)
        {
            return new BookingOutcome(null, UnbookedReason.NoExchangeRate, grant.Id);
        }

        line.RecordBooking();
        db.Transactions.Add(expenditure);
        db.AddIntegrationEvent(IatiEvents.Transaction(expenditure, grant, now));
        return new BookingOutcome(expenditure, null, grant.Id);
    }
}
