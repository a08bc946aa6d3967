using System.ComponentModel.DataAnnotations;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Funding.Grants;

/// <summary>
/// One line of a grant's budget (IATI budget): per result of the program or per cost category,
/// original or revised, indicative or committed, over a period, in the grant's currency.
/// Reached only through its grant, which decides who sees it.
/// </summary>
public sealed class BudgetLine
{
    public static readonly CodeList Kinds = new("budgetLineKind", ["BudgetLineRequest.kind", "BudgetLineResponse.kind"], ("result", "Per result"), ("cost-category", "Per cost category"));
    public static readonly CodeList BudgetTypes = new("budgetType", ("original", "Original"), ("revised", "Revised"));
    public static readonly CodeList BudgetStatuses = new("budgetStatus", ("indicative", "Indicative"), ("committed", "Committed"));

    private BudgetLine()
    {
    }

    public Guid Id { get; private set; }
    public Guid GrantId { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public Guid? ResultId { get; private set; }
    public string? CostCategory { get; private set; }
    public decimal Amount { get; private set; }
    public string Currency { get; private set; } = "";
    public string BudgetType { get; private set; } = "";
    public string BudgetStatus { get; private set; } = "";
    public DateOnly PeriodStart { get; private set; }
    public DateOnly PeriodEnd { get; private set; }
    public int Version { get; private set; }

    /// <summary>A closed line takes no new cost: an activity naming it is refused, and a late completion is listed as unbooked.</summary>
    public bool Closed { get; private set; }

    /// <summary>
    /// How many expenditures were booked on the line; a concurrency token, so that two bookings
    /// at once cannot both judge the line against the spending before the other.
    /// </summary>
    public int Bookings { get; private set; }

    public void RecordBooking() => Bookings++;

    public static BudgetLine Create(Grant grant, BudgetLineRequest request, DateTimeOffset now)
    {
        var line = new BudgetLine { Id = Guid.CreateVersion7(now), GrantId = grant.Id, Currency = grant.Currency, Version = 1 };
        line.Apply(request);
        return line;
    }

    /// <summary>A revision: the budget becomes "revised" unless the request says otherwise.</summary>
    public void Update(BudgetLineRequest request)
    {
        Apply(request);
        Version++;
    }

    private void Apply(BudgetLineRequest request)
    {
        Code = request.Code!.Trim();
        Name = request.Name!.Trim();
        Kind = request.Kind!;
        ResultId = Kind == "result" ? request.ResultId : null;
        CostCategory = Kind == "cost-category" ? request.CostCategory!.Trim() : null;
        Amount = request.Amount!.Value;
        BudgetType = request.BudgetType ?? "original";
        BudgetStatus = request.BudgetStatus ?? "indicative";
        PeriodStart = request.PeriodStart!.Value;
        PeriodEnd = request.PeriodEnd!.Value;
        Closed = request.Closed ?? false;
    }
}
