using System.ComponentModel.DataAnnotations;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Funding.Appeals;

/// <summary>
/// An appeal (OCHA FTS): an operation's requirement for a year, in USD, and the contributions
/// made to it. It belongs to the partner that recorded it.
/// </summary>
public sealed class Appeal : IPartnerOwned
{
    public const string RequirementCurrency = "USD";

    private Appeal()
    {
    }

    public Guid Id { get; private set; }
    public string PartnerId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public int Year { get; private set; }
    public decimal Requirement { get; private set; }
    public int Version { get; private set; }

    public static Appeal Create(AppealRequest request, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Name = request.Name!.Trim(),
        Year = request.Year!.Value,
        Requirement = request.Requirement!.Value,
        Version = 1,
    };

    public void Update(AppealRequest request)
    {
        Name = request.Name!.Trim();
        Year = request.Year!.Value;
        Requirement = request.Requirement!.Value;
        Version++;
    }

    /// <summary>The value date of the requirement: the first day of the appeal's year.</summary>
    public DateOnly ValueDate => new(Year, 1, 1);
}

public sealed record AppealRequest([property: MaxLength(300)] string? Name, [property: Range(2000, 2100)] int? Year, decimal? Requirement, string? Currency)
{
    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors().Limits(this);
        errors.Required("name", Name);
        if (Year is null)
        {
            errors.Add("year", "is required: a year between 2000 and 2100.");
        }

        foreach (var (field, message) in Money.Problems(Requirement, Currency ?? Appeal.RequirementCurrency, "requirement", "currency"))
        {
            errors.Add(field, message);
        }

        if (Currency is not null && Currency != Appeal.RequirementCurrency)
        {
            errors.Add("currency", "an appeal's requirement is in USD, as OCHA FTS publishes it.");
        }

        return errors;
    }
}

/// <summary>A contribution to an appeal: pledge, commitment or paid. Only commitments and paid count towards coverage.</summary>
public sealed class Contribution
{
    public static readonly CodeList Statuses = new("contributionStatus", ["ContributionRequest.status", "ContributionResponse.status"],
        ("pledge", "Pledge"), ("commitment", "Commitment"), ("paid", "Paid"));

    private Contribution()
    {
    }

    public Guid Id { get; private set; }
    public Guid AppealId { get; private set; }
    public string FunderName { get; private set; } = "";
    public string? FunderIatiIdentifier { get; private set; }
    public decimal Amount { get; private set; }
    public string Currency { get; private set; } = "";
    public DateOnly Date { get; private set; }
    public string Status { get; private set; } = "";
    public int Version { get; private set; }

    public static Contribution Create(Guid appealId, ContributionRequest request, DateTimeOffset now)
    {
        var contribution = new Contribution { Id = Guid.CreateVersion7(now), AppealId = appealId, Version = 1 };
        contribution.Apply(request);
        return contribution;
    }

    public void Update(ContributionRequest request)
    {
        Apply(request);
        Version++;
    }

    private void Apply(ContributionRequest request)
    {
        FunderName = request.FunderName!.Trim();
        FunderIatiIdentifier = string.IsNullOrWhiteSpace(request.FunderIatiIdentifier) ? null : request.FunderIatiIdentifier.Trim();
        Amount = request.Amount!.Value;
        Currency = request.Currency!;
        Date = request.Date!.Value;
        Status = request.Status!;
    }
}

public sealed record ContributionRequest([property: MaxLength(200)] string? FunderName, [property: MaxLength(100)] string? FunderIatiIdentifier, decimal? Amount, string? Currency, DateOnly? Date, string? Status)
{
    /// <param name="today">A pledge may be dated ahead: the date is bounded as a planned one.</param>
    public ValidationErrors Validate(DateOnly today)
    {
        var errors = new ValidationErrors().Limits(this);
        errors.Required("funderName", FunderName);
        foreach (var (field, message) in Money.Problems(Amount, Currency, "amount", "currency"))
        {
            errors.Add(field, message);
        }

        if (Date is null)
        {
            errors.Add("date", "is required.");
        }

        errors.Planned("date", Date, today);

        errors.OneOf("status", Status, Contribution.Statuses);
        return errors;
    }
}

public sealed record AppealResponse(Guid Id, string Name, int Year, decimal Requirement, string Currency, int Version)
{
    public static AppealResponse From(Appeal a) => new(a.Id, a.Name, a.Year, a.Requirement, Appeal.RequirementCurrency, a.Version);
}

public sealed record ContributionResponse(Guid Id, Guid AppealId, string FunderName, string? FunderIatiIdentifier, decimal Amount, string Currency, DateOnly Date, string Status, int Version)
{
    public static ContributionResponse From(Contribution c) => new(c.Id, c.AppealId, c.FunderName, c.FunderIatiIdentifier, c.Amount, c.Currency, c.Date, c.Status, c.Version);
}
