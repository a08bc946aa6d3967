using JusticePlatform.Activities.Data;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.Contracts.Beneficiaries;

namespace JusticePlatform.Activities.Projections.Beneficiaries;

/// <summary>
/// Activities holds no personal data of a beneficiary, only categories, which erasure keeps:
/// the projection records that the person was erased, so nothing personal is ever linked again.
/// </summary>
[InboxName("BeneficiaryErasedConsumer")]
public sealed class BeneficiaryErasedConsumer(ActivitiesDbContext db, Inbox<ActivitiesDbContext> inbox)
    : IdempotentConsumer<BeneficiaryErased, ActivitiesDbContext>(db, inbox)
{
    protected override bool ReadsByKeyOnly => true;

    protected override object? LookupKey(BeneficiaryErased message) => message.BeneficiaryId;

    protected override Task LoadAsync(ActivitiesDbContext db, IReadOnlyList<object> keys, CancellationToken cancellationToken) =>
        db.KnownBeneficiaries.LoadAsync(keys, cancellationToken);

    protected override async Task HandleAsync(BeneficiaryErased message, CancellationToken cancellationToken)
    {
        var known = await Db.KnownBeneficiaries.FindOrAddAsync(message.BeneficiaryId, message.PartnerId, message.OccurredAt, cancellationToken);
        known.ErasedAt ??= message.OccurredAt;
    }
}
