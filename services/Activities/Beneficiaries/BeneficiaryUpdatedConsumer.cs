using JusticePlatform.Activities.Data;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.Contracts.Beneficiaries;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.Beneficiaries;

/// <summary>Keeps the projection's categories current; the latest change wins, whatever the arrival order.</summary>
public sealed class BeneficiaryUpdatedConsumer(ActivitiesDbContext db, MessagingMetrics metrics)
    : IdempotentConsumer<BeneficiaryUpdated, ActivitiesDbContext>(db, metrics)
{
    protected override async Task HandleAsync(BeneficiaryUpdated message, CancellationToken cancellationToken)
    {
        var known = await Db.KnownBeneficiaries.FirstOrDefaultAsync(b => b.Id == message.BeneficiaryId, cancellationToken);
        if (known is null)
        {
            known = new KnownBeneficiary { Id = message.BeneficiaryId, RegisteredAt = message.OccurredAt };
            Db.KnownBeneficiaries.Add(known);
        }
        else if (known.ChangedAt > message.OccurredAt)
        {
            return;
        }

        known.ChangedAt = message.OccurredAt;
        known.PartnerId = message.PartnerId;
        known.Kind = message.Kind;
        known.Sex = message.Sex;
        known.BirthYear = message.BirthYear;
        known.HasDisability = message.HasDisability;
        known.DisplacementStatus = message.DisplacementStatus;
        known.CommunePcode = message.CommunePcode;
    }
}
