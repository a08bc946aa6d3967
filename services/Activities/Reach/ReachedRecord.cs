using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Activities.Reach;

/// <summary>
/// A beneficiary record reached by the completed activities of one program that share a partner,
/// a type, a commune and an indicator, with the actual end of the first and the last of them: the
/// attendance rows folded over activities and dates, so that reports read tens of thousands of
/// rows instead of millions. It holds no count: reports still count distinct people at query
/// time, taking each person's categories from the projection of Beneficiaries, so erasures and
/// changed categories need nothing here. It keeps the person the record counts as
/// (<see cref="PersonId"/>: the survivor once merged), re-pointed in the transaction that records
/// the merge. Rows are written in the same transaction as the change that makes them
/// (<see cref="ReachedRecords"/>), and are rebuilt from attendance when an activity is cancelled.
/// </summary>
public sealed class ReachedRecord
{
    /// <summary>The slot of a row that stands for every activity, whatever indicators it serves.</summary>
    public static readonly Guid AnyIndicator = Guid.Empty;

    public Guid ProgramId { get; set; }

    /// <summary>An indicator the activities serve, or <see cref="AnyIndicator"/> for the row that counts every activity.</summary>
    public Guid IndicatorId { get; set; }

    public string CommunePcode { get; set; } = "";
    public string PartnerId { get; set; } = "";
    public string Type { get; set; } = "";
    public Guid BeneficiaryId { get; set; }

    /// <summary>
    /// The person the record counts as: <see cref="BeneficiaryId"/>, or the survivor it was merged
    /// into. Set from the projection when the row is made, and moved by <see cref="ReachedRecords.RepointAsync"/>
    /// when a merge arrives later.
    /// </summary>
    public Guid PersonId { get; set; }

    /// <summary>The earliest actual end among these activities that the record attended.</summary>
    public DateOnly FirstEnd { get; set; }

    /// <summary>The latest actual end among them.</summary>
    public DateOnly LastEnd { get; set; }

    /// <summary>Two writers folding into one row at once: the second fails (and retries) instead of overwriting the first.</summary>
    public int Version { get; set; }
}

internal sealed class ReachedRecordConfiguration : IEntityTypeConfiguration<ReachedRecord>
{
    public void Configure(EntityTypeBuilder<ReachedRecord> builder)
    {
        builder.ToTable("reached_records");
        builder.HasKey(r => new { r.ProgramId, r.IndicatorId, r.CommunePcode, r.PartnerId, r.Type, r.BeneficiaryId });
        builder.Property(r => r.CommunePcode).HasMaxLength(8);
        builder.Property(r => r.PartnerId).HasMaxLength(100);
        builder.Property(r => r.Type).HasMaxLength(30);
        builder.Property(r => r.Version).IsConcurrencyToken();

        // The reports' read: one slot's rows in the order of the person, with every column they filter on,
        // so the distinct persons come from the index in order (no hashing) and without visiting the table.
        builder.HasIndex(r => new { r.ProgramId, r.IndicatorId, r.PersonId, r.CommunePcode, r.PartnerId, r.Type, r.FirstEnd, r.LastEnd });

        // A merge re-points the rows of the retired record.
        builder.HasIndex(r => r.PersonId);
    }
}

/// <summary>Keeps <see cref="ReachedRecord"/> in step with completed activities and their attendance, in the caller's unit of work.</summary>
public static class ReachedRecords
{
    /// <summary>
    /// <paramref name="beneficiaryIds"/> attended <paramref name="activity"/>, which is completed: each
    /// record's row in each slot of the activity takes its actual end. Only widens first and last
    /// end, so it is exact whatever the order of calls within one unit of work.
    /// </summary>
    public static async Task AddAsync(ActivitiesDbContext db, FieldActivity activity, IReadOnlyCollection<Guid> beneficiaryIds, CancellationToken cancellationToken)
    {
        if (activity.Status != ActivityStatus.Completed || activity.ActualEnd is not { } end || beneficiaryIds.Count == 0)
        {
            return;
        }

        var ids = beneficiaryIds.ToHashSet();
        var survivors = await db.KnownBeneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).AsNoTracking()
            .Where(k => ids.Contains(k.Id) && k.MergedIntoId != null)
            .ToDictionaryAsync(k => k.Id, k => k.MergedIntoId!.Value, cancellationToken);
        foreach (var slot in SlotsOf(activity))
        {
            var rows = await RowsAsync(db, activity, slot, ids, cancellationToken);
            foreach (var id in ids)
            {
                if (rows.TryGetValue(id, out var row))
                {
                    // Written even when the dates hold, so that a concurrent cancel of the activity that set them conflicts.
                    row.FirstEnd = end < row.FirstEnd ? end : row.FirstEnd;
                    row.LastEnd = end > row.LastEnd ? end : row.LastEnd;
                    row.Version++;
                    db.Entry(row).DetectChanges();
                }
                else
                {
                    db.ReachedRecords.Add(new ReachedRecord
                    {
                        ProgramId = activity.ProgramId, IndicatorId = slot, CommunePcode = activity.CommunePcode, PartnerId = activity.PartnerId,
                        Type = activity.Type, BeneficiaryId = id, PersonId = survivors.GetValueOrDefault(id, id), FirstEnd = end, LastEnd = end,
                    });
                }
            }
        }
    }

    /// <summary>
    /// <paramref name="activity"/> (completed until now) is being cancelled: its attendees' rows are
    /// rebuilt from the other completed activities of the same slots, and go when none is left.
    /// </summary>
    public static async Task RemoveAsync(ActivitiesDbContext db, FieldActivity activity, CancellationToken cancellationToken)
    {
        var beneficiaryIds = (await db.Attendance.AsNoTracking().Where(a => a.ActivityId == activity.Id).Select(a => a.BeneficiaryId).ToListAsync(cancellationToken)).ToHashSet();
        if (beneficiaryIds.Count == 0)
        {
            return;
        }

        foreach (var slot in SlotsOf(activity))
        {
            var rows = await RowsAsync(db, activity, slot, beneficiaryIds, cancellationToken);
            var others = db.FieldActivities.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).AsNoTracking().Where(a =>
                a.Id != activity.Id && a.Status == ActivityStatus.Completed && a.ProgramId == activity.ProgramId && a.PartnerId == activity.PartnerId
                && a.Type == activity.Type && a.CommunePcode == activity.CommunePcode);
            if (slot != ReachedRecord.AnyIndicator) others = others.Where(a => a.IndicatorIds.Contains(slot));
            var remaining = await (
                    from a in others
                    join t in db.Attendance on a.Id equals t.ActivityId
                    where beneficiaryIds.Contains(t.BeneficiaryId)
                    group a.ActualEnd by t.BeneficiaryId into g
                    select new { BeneficiaryId = g.Key, First = g.Min(), Last = g.Max() })
                .ToDictionaryAsync(r => r.BeneficiaryId, cancellationToken);
            foreach (var (id, row) in rows)
            {
                if (remaining.TryGetValue(id, out var left) && left.First is { } first && left.Last is { } last)
                {
                    row.FirstEnd = first;
                    row.LastEnd = last;
                    row.Version++;
                    db.Entry(row).DetectChanges();
                }
                else
                {
                    db.ReachedRecords.Remove(row);
                }
            }
        }
    }

    /// <summary>
    /// <paramref name="mergedId"/> was merged into <paramref name="survivorId"/>: every row counted as the
    /// retired record (its own, and those of records merged into it before) now counts as the survivor.
    /// Tracked, so it commits with the projection's change; a concurrent writer of the same row conflicts on its version.
    /// </summary>
    public static async Task RepointAsync(ActivitiesDbContext db, Guid mergedId, Guid survivorId, CancellationToken cancellationToken)
    {
        var rows = await db.ReachedRecords.Where(r => r.PersonId == mergedId).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            row.PersonId = survivorId;
            row.Version++;
            db.Entry(row).DetectChanges();
        }
    }

    private static IEnumerable<Guid> SlotsOf(FieldActivity activity) => activity.IndicatorIds.Distinct().Prepend(ReachedRecord.AnyIndicator);

    /// <summary>The rows of one slot for these records: those in the database and those added earlier in this unit of work.</summary>
    private static async Task<Dictionary<Guid, ReachedRecord>> RowsAsync(
        ActivitiesDbContext db, FieldActivity activity, Guid slot, HashSet<Guid> beneficiaryIds, CancellationToken cancellationToken)
    {
        bool SameSlot(ReachedRecord r) => r.ProgramId == activity.ProgramId && r.IndicatorId == slot && r.CommunePcode == activity.CommunePcode
                                          && r.PartnerId == activity.PartnerId && r.Type == activity.Type;

        var stored = await db.ReachedRecords.Where(r => r.ProgramId == activity.ProgramId && r.IndicatorId == slot && r.CommunePcode == activity.CommunePcode
                                                        && r.PartnerId == activity.PartnerId && r.Type == activity.Type && beneficiaryIds.Contains(r.BeneficiaryId))
            .ToListAsync(cancellationToken);
        var rows = stored.ToDictionary(r => r.BeneficiaryId);
        foreach (var added in db.ChangeTracker.Entries<ReachedRecord>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).Where(SameSlot))
        {
            if (beneficiaryIds.Contains(added.BeneficiaryId)) rows[added.BeneficiaryId] = added;
        }

        return rows;
    }
}
