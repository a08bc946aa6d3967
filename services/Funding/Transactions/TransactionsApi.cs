using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Funding.Data;
using JusticePlatform.Funding.Grants;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Funding.Transactions;

public sealed record TransactionListQuery(string? Type, Guid? BudgetLineId, int? Page, int? PageSize);

/// <summary>/api/v1/funding/grants/{id}/transactions: IATI-typed money movements on a grant. No updates: corrections are reversals.</summary>
public static class TransactionsApi
{
    public static RouteGroupBuilder MapTransactionsApi(this RouteGroupBuilder grants)
    {
        grants.MapPost("/{id:guid}/transactions", RecordAsync).RequireScope(Scopes.FundingWrite).Idempotent()
            .WithName("RecordTransaction").WithSummary("Records a commitment, funds received, disbursement, expenditure or pledge on a grant");
        grants.MapGet("/{id:guid}/transactions", ListAsync).RequireScope(Scopes.FundingRead)
            .WithName("ListTransactions").WithSummary("A grant's transactions, newest value date first, paged");
        grants.MapGet("/{id:guid}/transactions/{transactionId:guid}", GetAsync).RequireScope(Scopes.FundingRead)
            .WithName("GetTransaction").WithSummary("One transaction");
        return grants;
    }

    public static async Task<Results<Created<TransactionResponse>, NotFound, ValidationProblem, ProblemHttpResult>> RecordAsync(
        Guid id, TransactionRequest request, FundingDbContext db, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (grant, refusal) = await GrantAccess.WritableAsync(db, partner.PartnerId!, id, cancellationToken);
        if (grant is null)
        {
            return refusal is ProblemHttpResult problem ? problem : TypedResults.NotFound();
        }

        var errors = request.Validate(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        BudgetLine? line = null;
        if (request.BudgetLineId is { } lineId)
        {
            line = await db.BudgetLines.FirstOrDefaultAsync(l => l.Id == lineId && l.GrantId == id, cancellationToken);
            if (line is null)
            {
                errors.Add("budgetLineId", "is not a budget line of this grant.");
            }
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var now = clock.GetUtcNow();
        var transaction = GrantTransaction.Record(id, request, now);
        try
        {
            if (line is not null && transaction.Type == "expenditure")
            {
                var converter = await db.ConverterAsync(cancellationToken);
                var booked = await db.Transactions.AsNoTracking().Where(t => t.BudgetLineId == line.Id).ToListAsync(cancellationToken);
                var before = Overspending.Spent(line, booked, converter);
                var after = Overspending.Spent(line, booked.Append(transaction), converter);
                if (Overspending.Check(line, before, after, now) is { } overspent)
                {
                    db.AddIntegrationEvent(overspent);
                }

                line.RecordBooking();
            }

            if (transaction.Type == "expenditure")
            {
                db.AddIntegrationEvent(await GrantBurnEvents.ChangedAsync(db, grant, transaction, now, cancellationToken));
            }
        }
        catch (MissingRateException missing)
        {
            return RatesApi.NoRate(missing);
        }

        db.Transactions.Add(transaction);
        db.AddIntegrationEvent(IatiEvents.Transaction(transaction, grant, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Another expenditure was booked on the line at the same time",
                detail: "Send the transaction again.");
        }
        return TypedResults.Created($"/api/v1/funding/grants/{id}/transactions/{transaction.Id}", TransactionResponse.From(transaction));
    }

    public static async Task<Results<Ok<PagedResult<TransactionResponse>>, NotFound, ValidationProblem>> ListAsync(
        Guid id, [AsParameters] TransactionListQuery query, FundingDbContext db, CancellationToken cancellationToken)
    {
        var errors = PageRequest.Validate(query.Page, query.PageSize, out var paging);
        errors.OneOf("type", query.Type, GrantTransaction.TypeCodes, required: false);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await GrantAccess.VisibleAsync(db, id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var transactions = db.Transactions.AsNoTracking().Where(t => t.GrantId == id);
        if (query.Type is { } type) transactions = transactions.Where(t => t.Type == type);
        if (query.BudgetLineId is { } line) transactions = transactions.Where(t => t.BudgetLineId == line);
        var result = await transactions.OrderByDescending(t => t.ValueDate).ThenBy(t => t.Id).ToPageAsync(paging, cancellationToken);
        return TypedResults.Ok(result.Map(TransactionResponse.From));
    }

    public static async Task<Results<Ok<TransactionResponse>, NotFound>> GetAsync(
        Guid id, Guid transactionId, FundingDbContext db, CancellationToken cancellationToken)
    {
        if (await GrantAccess.VisibleAsync(db, id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var transaction = await db.Transactions.AsNoTracking().FirstOrDefaultAsync(t => t.Id == transactionId && t.GrantId == id, cancellationToken);
        return transaction is null ? TypedResults.NotFound() : TypedResults.Ok(TransactionResponse.From(transaction));
    }
}
