using JusticePlatform.Contracts.Funding;
using JusticePlatform.Funding.Data;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;
using JusticePlatform.Funding.Transactions;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Funding.Grants;

/// <summary>
/// The event that tells the program's side (Activities' report page) how much of a grant is spent; callers add it to the
/// outbox in the transaction that books or reverses an expenditure: spent is what the
/// budget-versus-actual report calls the grant's spending.
/// </summary>
public static class GrantBurnEvents
{
    /// <exception cref="MissingRateException">An expenditure cannot be converted into the grant's currency.</exception>
    public static async Task<GrantBurnChanged> ChangedAsync(FundingDbContext db, Grant grant, GrantTransaction booked, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expenditures = await db.Transactions.AsNoTracking().Where(t => t.GrantId == grant.Id && t.Type == "expenditure").ToListAsync(cancellationToken);
        expenditures.Add(booked);
        var converter = await db.ConverterAsync(cancellationToken);
        var spent = expenditures.Sum(t => converter.Convert(Money.Of(t.Amount, t.Currency, t.ValueDate), grant.Currency).Converted.Amount);
        return new GrantBurnChanged(grant.Id, grant.ProgramId, grant.PartnerId, grant.Readers.Prepend(grant.PartnerId).ToList(), grant.Title, grant.Currency, grant.Amount, spent,
            grant.StartDate, grant.EndDate, now, expenditures.Count);
    }
}
