using System.Globalization;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Funding.Grants;

/// <summary>
/// A grant's budget lines may not add up to more than the grant. Lines are always in the grant's
/// currency (and the grant's currency never changes), so the total needs no conversion. The
/// check holds under concurrency because every change to the lines also bumps the grant's
/// <see cref="Grant.BudgetRevision"/> in the same SaveChanges.
/// </summary>
internal static class BudgetLimit
{
    /// <summary>The lines' total once <paramref name="lineId"/> (null: a new line) has <paramref name="lineAmount"/>.</summary>
    public static async Task<decimal> TotalWithAsync(FundingDbContext db, Guid grantId, Guid? lineId, decimal lineAmount, CancellationToken cancellationToken)
    {
        var others = await db.BudgetLines.Where(l => l.GrantId == grantId && l.Id != (lineId ?? Guid.Empty))
            .SumAsync(l => (decimal?)l.Amount, cancellationToken) ?? 0m;
        return others + lineAmount;
    }

    public static async Task<decimal> TotalAsync(FundingDbContext db, Guid grantId, CancellationToken cancellationToken) =>
        await db.BudgetLines.Where(l => l.GrantId == grantId).SumAsync(l => (decimal?)l.Amount, cancellationToken) ?? 0m;

    /// <summary>409 naming both figures: the lines' total after the change and the grant's amount.</summary>
    public static ProblemHttpResult Exceeded(decimal linesTotal, decimal grantAmount, string currency)
    {
        var minorUnits = Currency.Of(currency).MinorUnits;
        string Show(decimal amount) => amount.ToString("N" + minorUnits, CultureInfo.InvariantCulture) + " " + currency;
        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The budget lines would add up to more than the grant",
            detail: $"The lines would total {Show(linesTotal)}; the grant is {Show(grantAmount)}.",
            extensions: new Dictionary<string, object?>
            {
                ["linesTotal"] = linesTotal,
                ["grantAmount"] = grantAmount,
                ["currency"] = currency,
            });
    }

    public static ProblemHttpResult ChangedMeanwhile() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The grant's budget changed at the same time",
            detail: "Another budget line or the grant's amount was changed meanwhile; send the request again.");
}
