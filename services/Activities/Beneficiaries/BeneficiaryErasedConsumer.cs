using JusticePlatform.Activities.Data;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.Contracts.Beneficiaries;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.Beneficiaries;

/// <summary>
/// Activities holds no personal data of a beneficiary, only categories, which erasure keeps:
/// the projection records that the person was erased, so nothing personal is ever linked again.
/// </summary>
public sealed class BeneficiaryErasedConsumer(ActivitiesDbContext db, MessagingMetrics metrics)
    : IdempotentConsumer<BeneficiaryErased, ActivitiesDbContext>(db, metrics)
{
    protected override async Task HandleAsync(BeneficiaryErased message, CancellationToken cancellationToken)
    {
        var known = await Db.KnownBeneficiaries.FirstOrDefaultAsync(b => b.Id == message.BeneficiaryId, cancellationToken);
        if (known is null)
        {
            known = new KnownBeneficiary { Id = message.BeneficiaryId, PartnerId = message.PartnerId, RegisteredAt = message.OccurredAt };
            Db.KnownBeneficiaries.Add(known);
        }

        known.ErasedAt ??= message.OccurredAt;
    }
}
