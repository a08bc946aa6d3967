using JusticePlatform.Activities.Data;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.Contracts.Beneficiaries;

namespace JusticePlatform.Activities.Projections.Beneficiaries;

[InboxName("BeneficiaryRegisteredConsumer")]
public sealed class BeneficiaryRegisteredConsumer(ActivitiesDbContext db, Inbox<ActivitiesDbContext> inbox)
    : IdempotentConsumer<BeneficiaryRegistered, ActivitiesDbContext>(db, inbox)
{
    protected override bool ReadsByKeyOnly => true;

    protected override object? LookupKey(BeneficiaryRegistered message) => message.BeneficiaryId;

    protected override Task LoadAsync(ActivitiesDbContext db, IReadOnlyList<object> keys, CancellationToken cancellationToken) =>
        db.KnownBeneficiaries.LoadAsync(keys, cancellationToken);

    protected override async Task HandleAsync(BeneficiaryRegistered message, CancellationToken cancellationToken)
    {
        var known = await Db.KnownBeneficiaries.FindOrAddAsync(message.BeneficiaryId, message.PartnerId, message.OccurredAt, cancellationToken);
        known.RegisteredAt = message.OccurredAt;
        known.ApplyCategories(message.PartnerId, message.Kind, message.Sex, message.BirthYear, message.HasDisability,
            message.DisplacementStatus, message.CommunePcode, message.Version, message.OccurredAt, message.MemberCounts, message.MemberIds);
    }
}
