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
