using JusticePlatform.Activities.Beneficiaries;
using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.Activities.Reach;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.Reports;

/// <summary>Which completed activities of a program a figure is computed over.</summary>
public sealed record ActivityScope(
    Guid ProgramId, string? OwnPartnerId = null, Guid? IndicatorId = null, DateOnly? From = null, DateOnly? To = null,
    string? ActivityType = null, string? Area = null);

/// <summary>One cell of a report, with its exact count. Suppression happens when the figure is shown.</summary>
public sealed record CountCell(string Commune, string Sex, string AgeBand, string Disability, string DisplacementStatus, long Count);

/// <summary>
/// The report queries, computed from the rows on every call (no stored counters to drift). They
/// read across partners (activities, attendance, projection) because a program's figures gather
/// every member's work; callers check membership first, and only counts come out.
/// </summary>
public static class ReachQueries
{
    public const string WithDisability = "yes";
    public const string WithoutDisability = "no";

    public static IQueryable<FieldActivity> Activities(ActivitiesDbContext db, ActivityScope scope)
    {
        var activities = db.FieldActivities.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.ProgramId == scope.ProgramId && a.Status == ActivityStatus.Completed);
        if (scope.OwnPartnerId is { } own) activities = activities.Where(a => a.PartnerId == own);
        if (scope.IndicatorId is { } indicatorId) activities = activities.Where(a => a.IndicatorIds.Contains(indicatorId));
        if (scope.From is { } from) activities = activities.Where(a => a.ActualEnd >= from);
        if (scope.To is { } to) activities = activities.Where(a => a.ActualEnd <= to);
        if (scope.ActivityType is { } type) activities = activities.Where(a => a.Type == type);
        if (scope.Area is { } area) activities = activities.Where(a => a.CommunePcode.StartsWith(area));
        return activities;
    }

    /// <summary>
    /// Distinct people (individuals) in the named attendance, by cell. A merged record counts as its
    /// survivor, with the survivor's categories; an erased person keeps their categories. With
    /// <paramref name="byCommune"/> false every person is in exactly one cell, so the cells add up to
    /// the distinct total; with it, a person reached in two communes counts once in each.
    /// The records reached are read from <see cref="ReachedRecord"/> (attendance folded over
    /// activities and dates); a row whose first and last end straddle the scope's dates is decided
    /// from the attendance rows themselves, so the figures are those of <see cref="RecountDistinctPeopleAsync"/>.
    /// </summary>
    public static async Task<List<CountCell>> DistinctPeopleAsync(
        ActivitiesDbContext db, ActivityScope scope, DateOnly ageOn, bool byCommune, string? sex, string? ageBand, CancellationToken cancellationToken)
    {
        var (from, to) = (scope.From, scope.To);
        var rows = db.ReachedRecords.AsNoTracking()
            .Where(r => r.ProgramId == scope.ProgramId && r.IndicatorId == (scope.IndicatorId ?? ReachedRecord.AnyIndicator));
        if (scope.OwnPartnerId is { } own) rows = rows.Where(r => r.PartnerId == own);
        if (scope.ActivityType is { } type) rows = rows.Where(r => r.Type == type);
        if (scope.Area is { } area) rows = rows.Where(r => r.CommunePcode.StartsWith(area));
        if (from is { } first) rows = rows.Where(r => r.LastEnd >= first);
        if (to is { } last) rows = rows.Where(r => r.FirstEnd <= last);

        // Every activity of a row lies within the dates, or some may not: those records are looked up in the attendance.
        var within = rows;
        if (from is { } start) within = within.Where(r => r.FirstEnd >= start);
        if (to is { } end) within = within.Where(r => r.LastEnd <= end);
        var reached = within.Select(r => new ReachedPair { BeneficiaryId = r.BeneficiaryId, Commune = byCommune ? r.CommunePcode : "" });
        if (from is not null || to is not null)
        {
            var straddling = rows.Where(r => (from != null && r.FirstEnd < from) || (to != null && r.LastEnd > to)).Select(r => r.BeneficiaryId);
            // Ordered only so the limit is well defined; when the list is used it holds every straddling record.
            var few = await straddling.OrderBy(id => id).Take(MaxListedRecords + 1).ToListAsync(cancellationToken);
            if (few.Count > 0)
            {
                // A short list is looked up by index; a long one is joined as a subquery.
                var attended =
                    from activity in Activities(db, scope)
                    join attendance in db.Attendance on activity.Id equals attendance.ActivityId
                    select new { attendance.BeneficiaryId, activity.CommunePcode };
                reached = reached.Concat(
                    few.Count <= MaxListedRecords
                        ? attended.Where(a => few.Contains(a.BeneficiaryId)).Select(a => new ReachedPair { BeneficiaryId = a.BeneficiaryId, Commune = byCommune ? a.CommunePcode : "" })
                        : attended.Where(a => straddling.Contains(a.BeneficiaryId)).Select(a => new ReachedPair { BeneficiaryId = a.BeneficiaryId, Commune = byCommune ? a.CommunePcode : "" }));
            }
        }

        return await CountPeopleAsync(db, reached, ageOn, sex, ageBand, cancellationToken);
    }

    /// <summary>Up to this many records whose dates straddle a report's are looked up by id in the attendance.</summary>
    private const int MaxListedRecords = 5000;

    /// <summary>The same figures as <see cref="DistinctPeopleAsync"/>, recounted from every attendance row: the reference the folded rows are checked against.</summary>
    public static Task<List<CountCell>> RecountDistinctPeopleAsync(
        ActivitiesDbContext db, ActivityScope scope, DateOnly ageOn, bool byCommune, string? sex, string? ageBand, CancellationToken cancellationToken)
    {
        var reached =
            from activity in Activities(db, scope)
            join attendance in db.Attendance on activity.Id equals attendance.ActivityId
            select new ReachedPair { BeneficiaryId = attendance.BeneficiaryId, Commune = byCommune ? activity.CommunePcode : "" };
        return CountPeopleAsync(db, reached, ageOn, sex, ageBand, cancellationToken);
    }

    /// <summary>A beneficiary record reached, and where ("" when the figure is not by commune).</summary>
    private sealed class ReachedPair
    {
        public Guid BeneficiaryId { get; init; }
        public string Commune { get; init; } = "";
    }

    private static async Task<List<CountCell>> CountPeopleAsync(
        ActivitiesDbContext db, IQueryable<ReachedPair> reachedRecords, DateOnly ageOn, string? sex, string? ageBand, CancellationToken cancellationToken)
    {
        var years = AgeBandAt.LatestBirthYears(ageOn);
        var labels = AgeBandAt.Default.Select(b => b.Label).ToArray();
        var (y0, y1, y2, y3, y4) = (years[0], years[1], years[2], years[3], years[4]);
        var (l0, l1, l2, l3, l4) = (labels[0], labels[1], labels[2], labels[3], labels[4]);
        var known = db.KnownBeneficiaries.IgnoreQueryFilters().AsNoTracking();

        // First the distinct persons reached (narrow rows: an id and a commune), then their categories.
        // A record counts as its survivor when merged: only the merged records need looking up (a record
        // missing from the projection falls out at the join on the person below, as does a survivor not yet known).
        var merged = known.Where(k => k.MergedIntoId != null);
        var reached = (
            from x in reachedRecords
            join record in merged on x.BeneficiaryId equals record.Id into mergedRecords
            from record in mergedRecords.DefaultIfEmpty()
            select new { PersonId = record != null ? record.MergedIntoId!.Value : x.BeneficiaryId, x.Commune }).Distinct();
        var people =
            from x in reached
            join person in known on x.PersonId equals person.Id
            where person.Kind == KnownBeneficiaryKinds.Individual
            select new
            {
                x.Commune,
                person.Sex,
                Band = person.BirthYear == null ? AgeBandAt.Unknown
                    : person.BirthYear > y0 ? AgeBandAt.Unknown
                    : person.BirthYear > y1 ? l0
                    : person.BirthYear > y2 ? l1
                    : person.BirthYear > y3 ? l2
                    : person.BirthYear > y4 ? l3
                    : l4,
                person.HasDisability,
                person.DisplacementStatus,
            };
        if (sex is not null) people = people.Where(p => p.Sex == sex);
        if (ageBand is not null) people = people.Where(p => p.Band == ageBand);

        var rows = await people
            .GroupBy(p => new { p.Commune, p.Sex, p.Band, p.HasDisability, p.DisplacementStatus })
            .Select(g => new { g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new CountCell(r.Key.Commune, r.Key.Sex, r.Key.Band, r.Key.HasDisability ? WithDisability : WithoutDisability, r.Key.DisplacementStatus, r.Count)).ToList();
    }

    /// <summary>The aggregate counts of mass activities, summed by cell (commune of the activity).</summary>
    public static async Task<List<CountCell>> AggregateAsync(
        ActivitiesDbContext db, ActivityScope scope, string? sex, string? ageBand, CancellationToken cancellationToken)
    {
        var cells =
            from activity in Activities(db, scope)
            join reach in db.AggregateReach on activity.Id equals reach.ActivityId
            select new { activity.CommunePcode, reach.Sex, reach.AgeBand, reach.HasDisability, reach.DisplacementStatus, reach.Count };
        if (sex is not null) cells = cells.Where(c => c.Sex == sex);
        if (ageBand is not null) cells = cells.Where(c => c.AgeBand == ageBand);
        var rows = await cells
            .GroupBy(c => new { c.CommunePcode, c.Sex, c.AgeBand, c.HasDisability, c.DisplacementStatus })
            .Select(g => new { g.Key, Count = g.Sum(c => (long)c.Count) })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new CountCell(r.Key.CommunePcode, r.Key.Sex, r.Key.AgeBand, r.Key.HasDisability ? WithDisability : WithoutDisability, r.Key.DisplacementStatus, r.Count)).ToList();
    }
}
