using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Partners;

namespace JusticePlatform.Funding.Grants;

/// <summary>
/// A grant from a funder to a recipient partner for a program. It belongs to the partner that
/// recorded it (the recipient or the funder's partner); it is shared, read-only, with the other
/// of those two and with the program's lead partner. Funding cannot read Activities' tables, so
/// the grant itself stores who leads the program.
/// </summary>
public sealed class Grant : IPartnerOwned
{
    public static readonly CodeList Statuses = new("grantStatus", ["GrantRequest.status", "GrantResponse.status", "GrantListQuery.status"],
        ("pipeline", "Pipeline"), ("active", "Active"), ("closed", "Closed"));

    private Grant()
    {
    }

    public Guid Id { get; private set; }
    public string PartnerId { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string? IatiIdentifier { get; private set; }
    public Guid FunderOrganisationId { get; private set; }
    public string FunderName { get; private set; } = "";
    public string? FunderIatiIdentifier { get; private set; }
    public string? FunderPartnerId { get; private set; }
    public string RecipientPartnerId { get; private set; } = "";

    /// <summary>Members of the consortium that spend the grant with the recipient: their activities may be charged to its lines too.</summary>
    public List<string> SubRecipientPartnerIds { get; private set; } = [];
    public Guid ProgramId { get; private set; }
    public string ProgramLeadPartnerId { get; private set; } = "";
    public decimal Amount { get; private set; }
    public string Currency { get; private set; } = "";
    public DateOnly StartDate { get; private set; }
    public DateOnly EndDate { get; private set; }
    public string Status { get; private set; } = "";
    public int Version { get; private set; }

    /// <summary>
    /// Counts the changes to the grant's budget lines; a concurrency token, so that two lines
    /// added or revised at once cannot both judge the lines' total against the grant's amount
    /// before the other (and a lower amount cannot pass beside a new line). Not the ETag: adding
    /// a line does not make a partner's copy of the grant stale.
    /// </summary>
    public int BudgetRevision { get; private set; }

    public void RecordBudgetChange() => BudgetRevision++;

    /// <summary>The partners that see the grant besides its owner.</summary>
    public IEnumerable<string> Readers =>
        new[] { RecipientPartnerId, FunderPartnerId, ProgramLeadPartnerId }.Concat(SubRecipientPartnerIds)
            .Where(p => !string.IsNullOrEmpty(p) && p != PartnerId).Distinct()!;

    /// <summary>The partners whose activities' costs may be booked on the grant's lines: the recipient and its sub-recipients.</summary>
    public IReadOnlyList<string> ChargingPartnerIds => [RecipientPartnerId, .. SubRecipientPartnerIds.Where(p => p != RecipientPartnerId)];

    public bool MayCharge(string partnerId) => ChargingPartnerIds.Contains(partnerId);

    /// <summary>The partners concerned by what could not be booked on the grant: its owner, recipient and sub-recipients.</summary>
    public bool IsParty(string? partnerId) => partnerId is not null && (partnerId == PartnerId || MayCharge(partnerId));

    public bool IsClosed => Status == "closed";

    /// <summary>Grows with every change of the grant or of one of its lines: the version of <see cref="Contracts.Funding.GrantChanged"/>.</summary>
    public long EventVersion => (long)Version + BudgetRevision;

    public static Grant Create(string ownerPartnerId, GrantRequest request, Organisations.Organisation funder, DateTimeOffset now)
    {
        var grant = new Grant
        {
            Id = Guid.CreateVersion7(now),
            PartnerId = ownerPartnerId,
            Currency = request.Currency!,
            Version = 1,
        };
        grant.Apply(request, funder);
        return grant;
    }

    public void Update(GrantRequest request, Organisations.Organisation funder)
    {
        Apply(request, funder);
        Version++;
    }

    private void Apply(GrantRequest request, Organisations.Organisation funder)
    {
        Title = request.Title!.Trim();
        IatiIdentifier = string.IsNullOrWhiteSpace(request.IatiIdentifier) ? null : request.IatiIdentifier.Trim();
        FunderOrganisationId = funder.Id;
        FunderName = funder.Name;
        FunderIatiIdentifier = funder.IatiIdentifier;
        FunderPartnerId = string.IsNullOrWhiteSpace(request.FunderPartnerId) ? null : request.FunderPartnerId;
        RecipientPartnerId = request.RecipientPartnerId!;
        SubRecipientPartnerIds = [.. (request.SubRecipientPartnerIds ?? []).Where(p => p != RecipientPartnerId).Distinct()];
        ProgramId = request.ProgramId!.Value;
        ProgramLeadPartnerId = request.ProgramLeadPartnerId!;
        Amount = request.Amount!.Value;
        StartDate = request.StartDate!.Value;
        EndDate = request.EndDate!.Value;
        Status = request.Status!;
    }
}
