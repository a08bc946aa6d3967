using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.Reach;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Contracts.Activities;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.FieldActivities;

/// <summary>The events an activity raises: ids, codes, money and counts by category, never a person.</summary>
public static class ActivityEvents
{
    public static async Task<ActivityCompleted> CompletedAsync(ActivitiesDbContext db, FieldActivity activity, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // An activity not saved yet (an upload's completed row) has no rows in the database: only what this unit of work adds.
        var saved = db.Entry(activity).State != EntityState.Added;

        // The survivor of a merge may belong to another partner: the projection is read across partners, and only counts leave.
        var known = db.KnownBeneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).AsNoTracking();
        var attending = !saved ? [] : await db.Attendance.AsNoTracking().Where(a => a.ActivityId == activity.Id)
            .Join(known, a => a.BeneficiaryId, k => k.Id, (a, k) => k)
            .ToListAsync(cancellationToken);

        // A group counts by the members it names, or else by its member counts, as in the reports.
        var groups = attending.Where(k => k.Kind != KnownBeneficiaryKinds.Individual).ToList();
        var memberIds = groups.SelectMany(g => g.MemberIds ?? []).Distinct().ToList();
        var members = memberIds.Count == 0 ? [] : await known.Where(k => memberIds.Contains(k.Id) && k.Kind == KnownBeneficiaryKinds.Individual).ToListAsync(cancellationToken);
        var attendees = attending.Where(k => k.Kind == KnownBeneficiaryKinds.Individual).Concat(members)
            .Select(k => new Attendee(k.Id, k.MergedIntoId, k.Sex, k.BirthYear, k.HasDisability, k.DisplacementStatus))
            .ToList();
        var groupCounts = groups.Where(g => (g.MemberIds ?? []).Count == 0)
            .SelectMany(g => (g.MemberCounts ?? []).Select(c => (new ReachCell(c.Sex, c.AgeBand, Disaggregation.UnknownValue, g.DisplacementStatus), c.Count)));
        var survivorIds = attendees.Where(a => a.MergedIntoId is not null).Select(a => a.MergedIntoId!.Value).Distinct().ToList();
        var survivors = survivorIds.Count == 0 ? [] : await known.Where(k => survivorIds.Contains(k.Id))
            .Select(k => new Attendee(k.Id, null, k.Sex, k.BirthYear, k.HasDisability, k.DisplacementStatus))
            .ToDictionaryAsync(a => a.BeneficiaryId, cancellationToken);
        var aggregate = !saved ? [] : await db.AggregateReach.AsNoTracking().Where(r => r.ActivityId == activity.Id).ToListAsync(cancellationToken);
        aggregate.AddRange(db.ChangeTracker.Entries<AggregateReach>()
            .Where(e => e.State == EntityState.Added && e.Entity.ActivityId == activity.Id).Select(e => e.Entity));

        var reach = UniqueReach.Add(
            UniqueReach.Count(attendees, survivors, activity.ActualEnd!.Value),
            aggregate.Select(r => (new ReachCell(r.Sex, r.AgeBand, r.Disability, r.DisplacementStatus), r.Count)).Concat(groupCounts));
        return new ActivityCompleted(
            activity.Id, activity.ProgramId, activity.PartnerId, activity.ResultIds, activity.BudgetLineId, activity.CommunePcode,
            activity.ActualCost is { } cost ? new MoneyValue(cost.Amount, cost.Currency, cost.ValueDate) : null,
            reach.OrderBy(r => r.Key.Sex).ThenBy(r => r.Key.AgeBand).ThenBy(r => r.Key.Disability).ThenBy(r => r.Key.DisplacementStatus)
                .Select(r => new ReachCount(r.Key.Sex, r.Key.AgeBand, r.Key.Disability == Disaggregation.WithDisability, r.Key.DisplacementStatus, r.Value, r.Key.Disability)).ToList(),
            now, activity.Version);
    }

    public static ActivityCancelled Cancelled(FieldActivity activity, bool wasCompleted, DateTimeOffset now) =>
        new(activity.Id, activity.ProgramId, activity.PartnerId, activity.BudgetLineId, wasCompleted, now, activity.Version);
}
