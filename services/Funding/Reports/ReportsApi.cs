using JusticePlatform.BuildingBlocks.Reporting;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Funding.Data;
using JusticePlatform.Funding.Grants;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.Funding.Rates;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Funding.Reports;

/// <summary>GET /api/v1/funding/grants/{id}/budget-vs-actual: per line, per result and in total, in the currency asked for.</summary>
public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder grants)
    {
        grants.MapGet("/{id:guid}/budget-vs-actual", BudgetVsActualAsync).RequireScope(Scopes.FundingRead)
            .ProducesHxlCsv(FundingCsv.BudgetVsActual)
            .WithName("GetBudgetVsActual")
            .WithSummary("Budget against spending per line, per program result, in total and against the grant's amount, with burn rates and percent spent, in any ISO 4217 currency with entered rates, and the open unbooked costs beside it (CSV with HXL hashtags on Accept: text/csv)");
        return grants;
    }

    public static async Task<Results<Ok<BudgetVsActualReport>, PushStreamHttpResult, NotFound, ValidationProblem, ProblemHttpResult>> BudgetVsActualAsync(
        Guid id, string? currency, DateOnly? asOf, FundingDbContext db, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Currency("currency", currency, required: false);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var grant = await GrantAccess.VisibleAsync(db, id, cancellationToken);
        if (grant is null)
        {
            return TypedResults.NotFound();
        }

        var lines = await db.BudgetLines.AsNoTracking().Where(l => l.GrantId == id).ToListAsync(cancellationToken);
        var transactions = await db.Transactions.AsNoTracking().Where(t => t.GrantId == id && t.Type == "expenditure").ToListAsync(cancellationToken);
        var unbooked = await db.UnbookedExpenditures.AsNoTracking().Where(u => u.GrantId == id && u.Status == "open")
            .GroupBy(u => u.Currency).Select(g => new UnbookedTotal(g.Key, g.Count(), g.Sum(u => u.Amount)))
            .ToListAsync(cancellationToken);
        try
        {
            var report = BudgetVsActual.Compute(grant, lines, transactions, await db.ConverterAsync(cancellationToken),
                Currency.Of(currency ?? grant.Currency), asOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
                [.. unbooked.OrderBy(u => u.Currency, StringComparer.Ordinal)]);
            return HxlCsv.IsAskedFor(http.Request)
                ? FundingCsv.BudgetVsActual.Stream(http, FundingCsv.BudgetRows(report), "budget-vs-actual.csv")
                : TypedResults.Ok(report);
        }
        catch (MissingRateException missing)
        {
            return RatesApi.NoRate(missing);
        }
    }
}
