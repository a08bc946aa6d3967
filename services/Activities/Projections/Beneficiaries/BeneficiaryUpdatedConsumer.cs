using JusticePlatform.Activities.Data;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.Contracts.Beneficiaries;

namespace JusticePlatform.Activities.Projections.Beneficiaries;

/// <summary>Keeps the projection's categories current; the latest change wins, whatever the arrival order.</summary>
[InboxName("BeneficiaryUpdatedConsumer")]
public sealed class BeneficiaryUpdatedConsumer(ActivitiesDbContext db, Inbox<ActivitiesDbContext> inbox)
    : IdempotentConsumer<BeneficiaryUpdated, ActivitiesDbContext>(db, inbox)
{
    protected override bool ReadsByKeyOnly => true;

    protected override object? LookupKey(BeneficiaryUpdated message) => message.BeneficiaryId;

    protected override Task LoadAsync(ActivitiesDbContext db, IReadOnlyList<object> keys, CancellationToken cancellationToken) =>
        db.KnownBeneficiaries.LoadAsync(keys, cancellationToken);

    protected override async Task HandleAsync(BeneficiaryUpdated message, CancellationToken cancellationToken)
    {
        var known = await Db.KnownBeneficiaries.FindOrAddAsync(message.BeneficiaryId, message.PartnerId, message.OccurredAt, cancellationToken);
        known.ApplyCategories(message.PartnerId, message.Kind, message.Sex, message.BirthYear, message.HasDisability,
            message.DisplacementStatus, message.CommunePcode, message.Version, message.OccurredAt, message.MemberCounts, message.MemberIds);
    }
}
