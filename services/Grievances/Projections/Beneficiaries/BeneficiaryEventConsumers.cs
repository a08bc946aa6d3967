using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Projections;
using JusticePlatform.Contracts.Beneficiaries;
using JusticePlatform.Grievances.BeneficiaryLinks;
using JusticePlatform.Grievances.Data;
using JusticePlatform.Grievances.Protection;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Grievances.Projections.Beneficiaries;

/// <summary>Records who owns a newly registered beneficiary, by the id's keyed hash only.</summary>
[InboxName("grievances-beneficiary-registered")]
public sealed class BeneficiaryRegisteredConsumer(GrievancesDbContext db, Inbox<GrievancesDbContext> inbox, BeneficiaryLinkHasher hasher)
    : IdempotentConsumer<BeneficiaryRegistered, GrievancesDbContext>(db, inbox)
{
    protected override bool ReadsByKeyOnly => true;

    protected override async Task HandleAsync(BeneficiaryRegistered message, CancellationToken cancellationToken) =>
        await Db.KnownBeneficiaries.FindOrAddAsync(hasher.Hash(message.BeneficiaryId), message.PartnerId, cancellationToken);
}

/// <summary>
/// The person asked to be erased: their cases keep codes and categories (for statistics) but lose
/// the link to them and everything that came from them (identity, contact, incident narratives).
/// The projection remembers the erasure, so no case is linked to them again.
/// </summary>
[InboxName("grievances-beneficiary-erased")]
public sealed class BeneficiaryErasedConsumer(GrievancesDbContext db, Inbox<GrievancesDbContext> inbox, BeneficiaryLinkHasher hasher)
    : IdempotentConsumer<BeneficiaryErased, GrievancesDbContext>(db, inbox)
{
    protected override async Task HandleAsync(BeneficiaryErased message, CancellationToken cancellationToken)
    {
        var hash = hasher.Hash(message.BeneficiaryId);
        var known = await Db.KnownBeneficiaries.FindOrAddAsync(hash, message.PartnerId, cancellationToken);
        known.ErasedAt ??= message.OccurredAt;

        // A link the start-up conversion has not reached yet counts too.
        var legacy = await Db.LegacyBeneficiaryLinks.Where(l => l.BeneficiaryId == message.BeneficiaryId).ToListAsync(cancellationToken);
        var legacyCaseIds = legacy.Select(l => l.CaseId).ToList();
        Db.LegacyBeneficiaryLinks.RemoveRange(legacy);

        var now = Db.Clock.GetUtcNow();
        var cases = await Db.Cases.Where(c => c.BeneficiaryHash == hash || legacyCaseIds.Contains(c.Id)).ToListAsync(cancellationToken);
        var caseIds = cases.Select(c => c.Id).ToList();
        foreach (var grievanceCase in cases)
        {
            grievanceCase.EraseSurvivorData(message.OccurredAt, now);
        }

        foreach (var incident in await Db.Incidents.Where(i => caseIds.Contains(i.CaseId)).ToListAsync(cancellationToken))
        {
            incident.SetNarrative(null);
        }
    }
}

/// <summary>
/// The retired record is the survivor's from now on: cases linked to it are linked to the survivor
/// (so the survivor's erasure reaches them), and the retired id can no longer be linked.
/// </summary>
[InboxName("grievances-beneficiaries-merged")]
public sealed class BeneficiariesMergedConsumer(
    GrievancesDbContext db, Inbox<GrievancesDbContext> inbox, BeneficiaryLinkHasher hasher, SurvivorDataProtector protector)
    : IdempotentConsumer<BeneficiariesMerged, GrievancesDbContext>(db, inbox)
{
    protected override async Task HandleAsync(BeneficiariesMerged message, CancellationToken cancellationToken)
    {
        var retired = hasher.Hash(message.MergedId);
        if (await Db.KnownBeneficiaries.FindAsync([retired], cancellationToken) is { } row)
        {
            Db.KnownBeneficiaries.Remove(row);
        }

        var now = Db.Clock.GetUtcNow();
        foreach (var grievanceCase in await Db.Cases.Where(c => c.BeneficiaryHash == retired).ToListAsync(cancellationToken))
        {
            protector.LinkBeneficiary(hasher, grievanceCase, message.SurvivorId);
            grievanceCase.Touch(now);
        }
    }
}

[InboxName("grievances-agreement-recorded")]
public sealed class DataSharingAgreementRecordedConsumer(GrievancesDbContext db, Inbox<GrievancesDbContext> inbox)
    : IdempotentConsumer<DataSharingAgreementRecorded, GrievancesDbContext>(db, inbox)
{
    protected override bool ReadsByKeyOnly => true;

    protected override async Task HandleAsync(DataSharingAgreementRecorded message, CancellationToken cancellationToken)
    {
        if (await Db.SharingAgreements.FindAsync([message.AgreementId], cancellationToken) is null)
        {
            Db.SharingAgreements.Add(new SharingAgreement
            {
                Id = message.AgreementId, FirstPartnerId = message.FirstPartnerId, SecondPartnerId = message.SecondPartnerId,
            });
        }
    }
}

/// <summary>Ends the agreement; an end arriving before its recording still ends it (the row is created ended).</summary>
[InboxName("grievances-agreement-ended")]
public sealed class DataSharingAgreementEndedConsumer(GrievancesDbContext db, Inbox<GrievancesDbContext> inbox)
    : IdempotentConsumer<DataSharingAgreementEnded, GrievancesDbContext>(db, inbox)
{
    protected override bool ReadsByKeyOnly => true;

    protected override async Task HandleAsync(DataSharingAgreementEnded message, CancellationToken cancellationToken)
    {
        var agreement = await Db.SharingAgreements.FindOrAddAsync(message.AgreementId,
            () => new SharingAgreement { Id = message.AgreementId, FirstPartnerId = message.FirstPartnerId, SecondPartnerId = message.SecondPartnerId },
            cancellationToken);

        agreement.EndedAt ??= message.OccurredAt;
    }
}

internal static class KnownBeneficiaries
{
    public static Task<KnownBeneficiary> FindOrAddAsync(this DbSet<KnownBeneficiary> known, string hash, string partnerId, CancellationToken cancellationToken) =>
        known.FindOrAddAsync(hash, () => new KnownBeneficiary { Hash = hash, PartnerId = partnerId }, cancellationToken);
}
