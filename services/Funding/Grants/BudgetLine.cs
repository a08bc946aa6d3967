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

public sealed record BudgetLineRequest(
    [property: MaxLength(50)] string? Code,
    [property: MaxLength(200)] string? Name,
    string? Kind,
    Guid? ResultId,
    [property: MaxLength(100)] string? CostCategory,
    decimal? Amount,
    string? BudgetType,
    string? BudgetStatus,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    bool? Closed = null)
{
    /// <summary>The line's currency is its grant's.</summary>
    public ValidationErrors Validate(Grant grant)
    {
        var errors = new ValidationErrors().Limits(this);
        errors.Required("code", Code);
        errors.Required("name", Name);
        errors.OneOf("kind", Kind, BudgetLine.Kinds);
        if (Kind == "result" && (ResultId is null || ResultId == Guid.Empty))
        {
            errors.Add("resultId", "is required for a line per result.");
        }

        if (Kind == "cost-category")
        {
            errors.Required("costCategory", CostCategory);
        }

        foreach (var (field, message) in Money.Problems(Amount, grant.Currency, "amount", "currency"))
        {
            errors.Add(field, message);
        }

        errors.OneOf("budgetType", BudgetType, BudgetLine.BudgetTypes, required: false);
        errors.OneOf("budgetStatus", BudgetStatus, BudgetLine.BudgetStatuses, required: false);
        if (PeriodStart is null)
        {
            errors.Add("periodStart", "is required.");
        }

        if (PeriodEnd is null)
        {
            errors.Add("periodEnd", "is required.");
        }
        else if (PeriodStart is { } start && PeriodEnd < start)
        {
            errors.Add("periodEnd", "must not be before periodStart.");
        }

        // The grant's own dates are checked when it is entered; a line may run a little past them, not for ever.
        var latest = Dates.LatestPlanned(grant.EndDate);
        return errors.Plausible("periodStart", PeriodStart, latest).Plausible("periodEnd", PeriodEnd, latest);
    }
}

public sealed record BudgetLineResponse(
    Guid Id, Guid GrantId, string Code, string Name, string Kind, Guid? ResultId, string? CostCategory,
    decimal Amount, string Currency, string BudgetType, string BudgetStatus, DateOnly PeriodStart, DateOnly PeriodEnd, bool Closed, int Version)
{
    public static BudgetLineResponse From(BudgetLine l) => new(
        l.Id, l.GrantId, l.Code, l.Name, l.Kind, l.ResultId, l.CostCategory, l.Amount, l.Currency, l.BudgetType, l.BudgetStatus,
        l.PeriodStart, l.PeriodEnd, l.Closed, l.Version);
}
