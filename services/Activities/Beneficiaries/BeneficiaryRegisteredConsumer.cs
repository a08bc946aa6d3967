using JusticePlatform.Activities.Data;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.Contracts.Beneficiaries;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.Beneficiaries;

public sealed class BeneficiaryRegisteredConsumer(ActivitiesDbContext db, MessagingMetrics metrics)
    : IdempotentConsumer<BeneficiaryRegistered, ActivitiesDbContext>(db, metrics)
{
    protected override async Task HandleAsync(BeneficiaryRegistered message, CancellationToken cancellationToken)
    {
        var known = await Db.KnownBeneficiaries.FirstOrDefaultAsync(b => b.Id == message.BeneficiaryId, cancellationToken);
        if (known is null)
        {
            known = new KnownBeneficiary { Id = message.BeneficiaryId };
            Db.KnownBeneficiaries.Add(known);
        }

        known.RegisteredAt = message.OccurredAt;
        if (known.ChangedAt > message.OccurredAt)
        {
            return; // a later update already arrived
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
