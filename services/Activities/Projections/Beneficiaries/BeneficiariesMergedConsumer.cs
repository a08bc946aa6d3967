using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.Reach;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.Contracts.Beneficiaries;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.Projections.Beneficiaries;

/// <summary>
/// Re-points the retired record to the survivor: the projection keeps the survivor as the one
/// to count. The retired row stays as a pointer (created if its registration has not arrived
/// yet), so a late registration event cannot bring it back as a separate person. The reached
/// records counted as the retired record are re-pointed to the survivor in the same transaction.
/// </summary>
[InboxName("BeneficiariesMergedConsumer")]
public sealed class BeneficiariesMergedConsumer(ActivitiesDbContext db, Inbox<ActivitiesDbContext> inbox)
    : IdempotentConsumer<BeneficiariesMerged, ActivitiesDbContext>(db, inbox)
{
    protected override object? LookupKey(BeneficiariesMerged message) => message.MergedId;

    protected override Task LoadAsync(ActivitiesDbContext db, IReadOnlyList<object> keys, CancellationToken cancellationToken) =>
        db.KnownBeneficiaries.LoadAsync(keys, cancellationToken);

    protected override async Task HandleAsync(BeneficiariesMerged message, CancellationToken cancellationToken)
    {
        var merged = await Db.KnownBeneficiaries.FindOrAddAsync(message.MergedId, message.PartnerId, message.OccurredAt, cancellationToken);
        merged.MergedIntoId = message.SurvivorId;

        // Whatever was merged into the retired record earlier now points at the survivor too.
        var earlier = await Db.KnownBeneficiaries.Where(b => b.MergedIntoId == message.MergedId).ToListAsync(cancellationToken);
        foreach (var record in earlier)
        {
            record.MergedIntoId = message.SurvivorId;
        }

        await ReachedRecords.RepointAsync(Db, message.MergedId, message.SurvivorId, cancellationToken);
    }
}
