using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Contracts.Funding;
using JusticePlatform.Funding.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Funding.Grants;

/// <summary>
/// <see cref="GrantChanged"/>, written to the outbox in the unit of work that changes the grant or
/// one of its lines. The grant's concurrency tokens (Version, BudgetRevision) make each change
/// commit alone, so the lines an event lists are the lines as that change left them.
/// </summary>
internal static class GrantEvents
{
    /// <summary>Adds the event for <paramref name="grant"/> with its stored lines, <paramref name="changed"/> in place of (or beside) its stored copy.</summary>
    public static async Task AddChangedAsync(FundingDbContext db, Grant grant, BudgetLine? changed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lines = await db.BudgetLines.AsNoTracking().Where(l => l.GrantId == grant.Id).ToListAsync(cancellationToken);
        if (changed is not null)
        {
            lines = [.. lines.Where(l => l.Id != changed.Id), changed];
        }

        db.AddIntegrationEvent(new GrantChanged(
            grant.Id, grant.ProgramId, grant.Currency, grant.RecipientPartnerId, grant.ChargingPartnerIds,
            lines.Select(l => new GrantBudgetLineState(l.Id, l.ResultId, !l.Closed && !grant.IsClosed)).ToList(),
            now, grant.EventVersion));
    }

    /// <summary>422 naming each sub-recipient that is not a registered, enabled partner; null when all are.</summary>
    public static async Task<ProblemHttpResult?> UnknownSubRecipientsAsync(FundingDbContext db, GrantRequest request, CancellationToken cancellationToken)
    {
        var subRecipients = request.SubRecipientPartnerIds ?? [];
        if (subRecipients.Count == 0)
        {
            return null;
        }

        var notEnabled = await db.KnownPartners.NotEnabledAsync(subRecipients.Distinct().ToList(), cancellationToken);
        return notEnabled.Count == 0
            ? null
            : KnownPartners.NotEnabledProblem([.. subRecipients.Select((p, i) => (p, i)).Where(x => notEnabled.Contains(x.p)).Select(x => $"subRecipientPartnerIds[{x.i}]")]);
    }
}
