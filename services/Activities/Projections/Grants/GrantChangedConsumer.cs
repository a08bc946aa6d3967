using JusticePlatform.Activities.Data;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Projections;
using JusticePlatform.Contracts.Funding;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.Projections.Grants;

/// <summary>
/// Keeps <see cref="ProjectedGrant"/> and its lines as the newest <see cref="GrantChanged"/> left
/// them; an older event arriving late changes nothing. Two events about one grant applied at once
/// conflict on the row's version, and the later is retried.
/// </summary>
[InboxName("activities-grant-changed")]
public sealed class GrantChangedConsumer(ActivitiesDbContext db, Inbox<ActivitiesDbContext> inbox)
    : IdempotentConsumer<GrantChanged, ActivitiesDbContext>(db, inbox)
{
    protected override async Task HandleAsync(GrantChanged message, CancellationToken cancellationToken)
    {
        var grant = await Db.ProjectedGrants.FirstOrDefaultAsync(g => g.Id == message.GrantId, cancellationToken);
        if (grant is null)
        {
            grant = new ProjectedGrant { Id = message.GrantId };
            Db.ProjectedGrants.Add(grant);
        }

        if (!grant.TryAdvance(message.Version, message.OccurredAt))
        {
            return;
        }

        grant.ProgramId = message.ProgramId;
        grant.Currency = message.Currency;
        grant.RecipientPartnerId = message.RecipientPartnerId;
        grant.ChargingPartnerIds = [.. message.ChargingPartnerIds];

        var lines = await Db.ProjectedBudgetLines.Where(l => l.GrantId == message.GrantId).ToDictionaryAsync(l => l.Id, cancellationToken);
        foreach (var state in message.BudgetLines)
        {
            if (!lines.Remove(state.BudgetLineId, out var line))
            {
                line = new ProjectedBudgetLine { Id = state.BudgetLineId, GrantId = message.GrantId };
                Db.ProjectedBudgetLines.Add(line);
            }

            line.ResultId = state.ResultId;
            line.Open = state.Open;
        }

        Db.ProjectedBudgetLines.RemoveRange(lines.Values);
    }
}
