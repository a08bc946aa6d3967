using JusticePlatform.Activities.Projections.Beneficiaries;
using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.Activities.Reach;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.BuildingBlocks.Places;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.Reports;

/// <summary>Which completed activities of a program a figure is computed over.</summary>
public sealed record ActivityScope(
    Guid ProgramId, string? OwnPartnerId = null, Guid? IndicatorId = null, DateOnly? From = null, DateOnly? To = null,
    string? ActivityType = null, string? Area = null, PlaceLevel? Level = null);

/// <summary>One cell of a report, with its exact count. Suppression happens when the figure is shown.</summary>
public sealed record CountCell(string Commune, string Sex, string AgeBand, string Disability, string DisplacementStatus, long Count);

/// <summary>Distinct people by cell: in all (<see cref="CountCell.Commune"/> empty; each person in one cell), and by commune.</summary>
public sealed record PeopleCells(List<CountCell> People, List<CountCell> ByCommune)
{
    public long Total => People.Sum(c => c.Count);
}

/// <summary>
/// The report queries, computed from the rows on every call (no stored counters to drift). They
/// read across partners (activities, attendance, projection) because a program's figures gather
/// every member's work; callers check membership first, and only counts come out.
/// </summary>
public static class ReachQueries
{
    public const string WithDisability = Disaggregation.WithDisability;
    public const string WithoutDisability = Disaggregation.WithoutDisability;

    public static IQueryable<FieldActivity> Activities(ActivitiesDbContext db, ActivityScope scope)
    {
        var activities = db.FieldActivities.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).AsNoTracking()
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
    /// Distinct people (individuals) in the named attendance, by cell: <see cref="PeopleCells.People"/>
    /// with every person in exactly one cell (the cells add up to the distinct total), and
    /// <see cref="PeopleCells.ByCommune"/> where a person reached in two communes counts once in each.
    /// A merged record counts as its survivor, with the survivor's categories; an erased person keeps
    /// their categories. The persons reached are read from <see cref="ReachedRecord"/> (attendance
    /// folded over activities and dates, each row naming the person its record counts as); a row whose
    /// first and last end straddle the scope's dates is decided from the attendance rows themselves, so
    /// the figures are those of <see cref="RecountDistinctPeopleAsync"/>. The members a group names count
    /// as persons where the group is reached (once, with their own categories, even if they also attended).
    /// </summary>
    public static async Task<PeopleCells> DistinctPeopleAsync(
        ActivitiesDbContext db, ActivityScope scope, DateOnly ageOn, string? sex, string? ageBand, CancellationToken cancellationToken)
    {
        var records = await RecordsReachedAsync(db, scope, cancellationToken);
        return await CountPeopleAsync(db, RolledUp(WithNamedMembers(db, records), scope.Level), ageOn, sex, ageBand, cancellationToken);
    }

    /// <summary>
    /// The records reached in the scope (individuals and groups), each as the person or group it counts as,
    /// with the commune of the activity: from <see cref="ReachedRecord"/>, with the attendance rows where a
    /// row's dates straddle the scope's.
    /// </summary>
    private static async Task<IQueryable<ReachedPair>> RecordsReachedAsync(ActivitiesDbContext db, ActivityScope scope, CancellationToken cancellationToken)
    {
        var (from, to) = (scope.From, scope.To);
        var slot = scope.IndicatorId ?? ReachedRecord.AnyIndicator;
        var rows = db.ReachedRecords.AsNoTracking().Where(r => r.ProgramId == scope.ProgramId && r.IndicatorId == slot);
        if (scope.OwnPartnerId is { } own) rows = rows.Where(r => r.PartnerId == own);
        if (scope.ActivityType is { } type) rows = rows.Where(r => r.Type == type);
        if (scope.Area is { } area) rows = rows.Where(r => r.CommunePcode.StartsWith(area));
        if (from is { } first) rows = rows.Where(r => r.LastEnd >= first);
        if (to is { } last) rows = rows.Where(r => r.FirstEnd <= last);

        // Every activity of a row lies within the dates, or some may not: those records are looked up in the attendance.
        var within = rows;
        if (from is { } start) within = within.Where(r => r.FirstEnd >= start);
        if (to is { } end) within = within.Where(r => r.LastEnd <= end);
        var reached = within.Select(r => new ReachedPair { PersonId = r.PersonId, Commune = r.CommunePcode });

        // A row still names a record that is now merged only when the merge committed while the row was being
        // written: then (rarely) every person is mapped to its survivor through the projection, as attendance rows are.
        var known = db.KnownBeneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).AsNoTracking();
        var mapToSurvivors = await known.Where(k => k.MergedIntoId != null)
            .AnyAsync(k => db.ReachedRecords.Any(r => r.ProgramId == scope.ProgramId && r.IndicatorId == slot && r.PersonId == k.Id), cancellationToken);
        if (from is not null || to is not null)
        {
            var straddling = rows.Where(r => (from != null && r.FirstEnd < from) || (to != null && r.LastEnd > to)).Select(r => r.BeneficiaryId);
            // Ordered only so the limit is well defined; when the list is used it holds every straddling record.
            var few = await straddling.OrderBy(id => id).Take(MaxListedRecords + 1).ToListAsync(cancellationToken);
            if (few.Count > 0)
            {
                // A short list is looked up by index; a long one is joined as a subquery. Attendance names records, not persons.
                var attended =
                    from activity in Activities(db, scope)
                    join attendance in db.Attendance on activity.Id equals attendance.ActivityId
                    select new { attendance.BeneficiaryId, activity.CommunePcode };
                reached = reached.Concat(
                    few.Count <= MaxListedRecords
                        ? attended.Where(a => few.Contains(a.BeneficiaryId)).Select(a => new ReachedPair { PersonId = a.BeneficiaryId, Commune = a.CommunePcode })
                        : attended.Where(a => straddling.Contains(a.BeneficiaryId)).Select(a => new ReachedPair { PersonId = a.BeneficiaryId, Commune = a.CommunePcode }));
                mapToSurvivors = true;
            }
        }

        return mapToSurvivors ? ToSurvivors(db, reached) : reached;
    }

    /// <summary>
    /// The records reached, and the members named by the groups among them, reached where the group was:
    /// each member as the person it counts as. A member who also attended is the same person twice, which the counts' distinct folds.
    /// </summary>
    private static IQueryable<ReachedPair> WithNamedMembers(ActivitiesDbContext db, IQueryable<ReachedPair> records)
    {
        var known = db.KnownBeneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).AsNoTracking();
        var groups = known.Where(k => k.Kind != KnownBeneficiaryKinds.Individual);

        // A member is looked up by its id in the group's list (an index seek each), not by expanding the list.
        var members =
            from x in records
            join g in groups on x.PersonId equals g.Id
            from member in known
            where g.MemberIds.Contains(member.Id)
            select new ReachedPair { PersonId = member.Id, Commune = x.Commune };
        return records.Concat(ToSurvivors(db, members));
    }

    /// <summary>Up to this many records whose dates straddle a report's are looked up by id in the attendance.</summary>
    private const int MaxListedRecords = 5000;

    /// <summary>The same figures as <see cref="DistinctPeopleAsync"/>, recounted from every attendance row: the reference the folded rows are checked against.</summary>
    public static async Task<PeopleCells> RecountDistinctPeopleAsync(
        ActivitiesDbContext db, ActivityScope scope, DateOnly ageOn, string? sex, string? ageBand, CancellationToken cancellationToken)
    {
        var reached =
            from activity in Activities(db, scope)
            join attendance in db.Attendance on activity.Id equals attendance.ActivityId
            select new ReachedPair { PersonId = attendance.BeneficiaryId, Commune = activity.CommunePcode };
        return await CountPeopleAsync(db, RolledUp(WithNamedMembers(db, ToSurvivors(db, reached)), scope.Level), ageOn, sex, ageBand, cancellationToken);
    }

    /// <summary>
    /// Each place as its ancestor at <paramref name="level"/> (a place recorded higher up stays as it is),
    /// before the pairs are made distinct, so a person reached in two communes of a cercle counts once in it.
    /// </summary>
    private static IQueryable<ReachedPair> RolledUp(IQueryable<ReachedPair> reached, PlaceLevel? level)
    {
        if (level is null) return reached;
        var length = MaliGazetteer.CodeLength(level.Value);
        return reached.Select(x => new ReachedPair { PersonId = x.PersonId, Commune = x.Commune.Length > length ? x.Commune.Substring(0, length) : x.Commune });
    }

    /// <summary>A person (or a beneficiary record, before <see cref="ToSurvivors"/>) reached, and where.</summary>
    private sealed class ReachedPair
    {
        public Guid PersonId { get; init; }
        public string Commune { get; init; } = "";
    }

    /// <summary>
    /// Each record as the person it counts as: its survivor when merged. Only the merged records need looking
    /// up (a record missing from the projection falls out at the join on the person, as does a survivor not yet known).
    /// </summary>
    private static IQueryable<ReachedPair> ToSurvivors(ActivitiesDbContext db, IQueryable<ReachedPair> reached)
    {
        var merged = db.KnownBeneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).AsNoTracking().Where(k => k.MergedIntoId != null);
        return
            from x in reached
            join record in merged on x.PersonId equals record.Id into mergedRecords
            from record in mergedRecords.DefaultIfEmpty()
            select new ReachedPair { PersonId = record != null ? record.MergedIntoId!.Value : x.PersonId, Commune = x.Commune };
    }

    /// <summary>
    /// The distinct persons by commune and in all, with their categories, in one statement: the distinct
    /// (person, commune) pairs and the distinct persons, each joined to the persons' categories and counted
    /// by cell, one after the other (UNION ALL). Cells are counted by birth year, and the years gathered into
    /// age bands here, so the database groups plain columns.
    /// </summary>
    private static async Task<PeopleCells> CountPeopleAsync(
        ActivitiesDbContext db, IQueryable<ReachedPair> reached, DateOnly ageOn, string? sex, string? ageBand, CancellationToken cancellationToken)
    {
        var known = Individuals(db, ageOn, sex, ageBand);
        var byCommune =
            from x in reached.Distinct()
            join person in known on x.PersonId equals person.Id
            group person by new { x.Commune, person.Sex, person.BirthYear, person.HasDisability, person.DisplacementStatus } into g
            select new PersonCell { InAll = false, Commune = g.Key.Commune, Sex = g.Key.Sex, BirthYear = g.Key.BirthYear, HasDisability = g.Key.HasDisability, DisplacementStatus = g.Key.DisplacementStatus, Count = g.LongCount() };
        var inAll =
            from id in reached.Select(x => x.PersonId).Distinct()
            join person in known on id equals person.Id
            group person by new { person.Sex, person.BirthYear, person.HasDisability, person.DisplacementStatus } into g
            select new PersonCell { InAll = true, Commune = "", Sex = g.Key.Sex, BirthYear = g.Key.BirthYear, HasDisability = g.Key.HasDisability, DisplacementStatus = g.Key.DisplacementStatus, Count = g.LongCount() };
        var cells = await byCommune.Concat(inAll).ToListAsync(cancellationToken);

        List<CountCell> Banded(bool inAll) => cells.Where(c => c.InAll == inAll)
            .GroupBy(c => (c.Commune, c.Sex, Band: AgeBandAt.LabelOf(c.BirthYear, ageOn), c.HasDisability, c.DisplacementStatus))
            .Select(g => new CountCell(g.Key.Commune, g.Key.Sex, g.Key.Band, g.Key.HasDisability ? WithDisability : WithoutDisability, g.Key.DisplacementStatus, g.Sum(c => c.Count)))
            .ToList();
        return new PeopleCells(Banded(inAll: true), Banded(inAll: false));
    }

    /// <summary>The individuals of the projection, of <paramref name="sex"/> and <paramref name="ageBand"/> when given.</summary>
    private static IQueryable<KnownBeneficiary> Individuals(ActivitiesDbContext db, DateOnly ageOn, string? sex, string? ageBand)
    {
        var known = db.KnownBeneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).AsNoTracking().Where(p => p.Kind == KnownBeneficiaryKinds.Individual);
        if (sex is not null) known = known.Where(p => p.Sex == sex);
        if (ageBand is not null)
        {
            var (after, atMost) = AgeBandAt.BirthYears(ageBand, ageOn);
            if (atMost is null) known = known.Where(p => p.BirthYear == null || p.BirthYear > after);
            else
            {
                known = known.Where(p => p.BirthYear <= atMost);
                if (after is { } born) known = known.Where(p => p.BirthYear > born);
            }
        }

        return known;
    }

    /// <summary>Each pair's place as the place of <paramref name="level"/>: none for the whole country (the program), else its ancestor at that level.</summary>
    private static IQueryable<ReachedPair> AtLevel(IQueryable<ReachedPair> reached, PlaceLevel level) =>
        level == PlaceLevel.Country ? reached.Select(x => new ReachedPair { PersonId = x.PersonId, Commune = "" }) : RolledUp(reached, level);

    /// <summary>
    /// Distinct people (named attendance and the members groups name) by place of <paramref name="level"/> and category:
    /// each person once per place, so cells summed over categories are exact for that place; <see cref="CountCell.Commune"/> holds the place.
    /// </summary>
    public static async Task<List<CountCell>> DistinctPeopleAtAsync(
        ActivitiesDbContext db, ActivityScope scope, PlaceLevel level, DateOnly ageOn, string? sex, string? ageBand, CancellationToken cancellationToken)
    {
        var persons = WithNamedMembers(db, await RecordsReachedAsync(db, scope, cancellationToken));
        var cells = await (
                from x in AtLevel(persons, level).Distinct()
                join person in Individuals(db, ageOn, sex, ageBand) on x.PersonId equals person.Id
                group person by new { x.Commune, person.Sex, person.BirthYear, person.HasDisability, person.DisplacementStatus } into g
                select new PersonCell { Commune = g.Key.Commune, Sex = g.Key.Sex, BirthYear = g.Key.BirthYear, HasDisability = g.Key.HasDisability, DisplacementStatus = g.Key.DisplacementStatus, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        return cells
            .GroupBy(c => (c.Commune, c.Sex, Band: AgeBandAt.LabelOf(c.BirthYear, ageOn), c.HasDisability, c.DisplacementStatus))
            .Select(g => new CountCell(g.Key.Commune, g.Key.Sex, g.Key.Band, Disaggregation.DisabilityOf(g.Key.HasDisability), g.Key.DisplacementStatus, g.Sum(c => c.Count)))
            .ToList();
    }

    /// <summary>
    /// The members of the groups reached that name no member, from the counts the group carries (by sex and age band;
    /// disability unknown, the group's displacement status): each group once per place of <paramref name="level"/>,
    /// however often it attended. A group that names its members counts them as persons instead
    /// (<see cref="DistinctPeopleAsync"/>), so no member is counted twice.
    /// </summary>
    public static async Task<List<CountCell>> GroupMembersAsync(
        ActivitiesDbContext db, ActivityScope scope, PlaceLevel level, string? sex, string? ageBand, CancellationToken cancellationToken)
    {
        var groups = db.KnownBeneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).AsNoTracking().Where(k => k.Kind != KnownBeneficiaryKinds.Individual);
        var records = await RecordsReachedAsync(db, scope, cancellationToken);
        var reached = await (
                from x in AtLevel(records, level).Distinct()
                join g in groups on x.PersonId equals g.Id
                select new { x.PersonId, x.Commune })
            .ToListAsync(cancellationToken);
        if (reached.Count == 0)
        {
            return [];
        }

        var ids = reached.Select(r => r.PersonId).Distinct().ToList();
        var counted = (await groups.Where(g => ids.Contains(g.Id)).ToListAsync(cancellationToken))
            .Where(g => (g.MemberIds ?? []).Count == 0)
            .ToDictionary(g => g.Id);
        return reached
            .Where(r => counted.ContainsKey(r.PersonId))
            .SelectMany(r => (counted[r.PersonId].MemberCounts ?? []).Select(c => new CountCell(
                r.Commune, c.Sex, c.AgeBand, Disaggregation.UnknownValue, counted[r.PersonId].DisplacementStatus, c.Count)))
            .Where(c => (sex is null || c.Sex == sex) && (ageBand is null || c.AgeBand == ageBand))
            .GroupBy(c => c with { Count = 0 })
            .Select(g => g.Key with { Count = g.Sum(c => c.Count) })
            .ToList();
    }

    /// <summary>One cell counted by the database, by birth year.</summary>
    private sealed class PersonCell
    {
        public bool InAll { get; init; }
        public string Commune { get; init; } = "";
        public string Sex { get; init; } = "";
        public int? BirthYear { get; init; }
        public bool HasDisability { get; init; }
        public string DisplacementStatus { get; init; } = "";
        public long Count { get; init; }
    }

    /// <summary>The aggregate counts of mass activities, summed by cell (commune of the activity).</summary>
    public static async Task<List<CountCell>> AggregateAsync(
        ActivitiesDbContext db, ActivityScope scope, string? sex, string? ageBand, CancellationToken cancellationToken)
    {
        var cells =
            from activity in Activities(db, scope)
            join reach in db.AggregateReach on activity.Id equals reach.ActivityId
            select new { activity.CommunePcode, reach.Sex, reach.AgeBand, reach.Disability, reach.DisplacementStatus, reach.Count };
        if (scope.Level is { } level)
        {
            var length = MaliGazetteer.CodeLength(level);
            cells = cells.Select(c => new { CommunePcode = c.CommunePcode.Length > length ? c.CommunePcode.Substring(0, length) : c.CommunePcode, c.Sex, c.AgeBand, c.Disability, c.DisplacementStatus, c.Count });
        }

        if (sex is not null) cells = cells.Where(c => c.Sex == sex);
        if (ageBand is not null) cells = cells.Where(c => c.AgeBand == ageBand);
        var rows = await cells
            .GroupBy(c => new { c.CommunePcode, c.Sex, c.AgeBand, c.Disability, c.DisplacementStatus })
            .Select(g => new { g.Key, Count = g.Sum(c => (long)c.Count) })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new CountCell(r.Key.CommunePcode, r.Key.Sex, r.Key.AgeBand, r.Key.Disability, r.Key.DisplacementStatus, r.Count)).ToList();
    }

    /// <summary>
    /// People reached rolled up by <paramref name="by"/>: distinct people (named attendance and the members groups
    /// name), the members of groups that only count them, and <paramref name="counts"/> (aggregate counts,
    /// summed: they name no one, so they are the only source of the people they stand for). The total is counted
    /// on its own, each person once.
    /// </summary>
    public static async Task<RollUpFigures> PeopleRollUpAsync(
        ActivitiesDbContext db, ActivityScope scope, DateOnly ageOn, IReadOnlyList<string> by, string? sex, string? ageBand,
        IReadOnlyList<CountCell> counts, CancellationToken cancellationToken)
    {
        var level = RollUps.LevelOf(by);
        var people = await DistinctPeopleAtAsync(db, scope, level, ageOn, sex, ageBand, cancellationToken);
        var groups = await GroupMembersAsync(db, scope, level, sex, ageBand, cancellationToken);
        var cells = RollUps.Sum(people.Concat(groups).Concat(counts), by);
        var total = level == PlaceLevel.Country
            ? cells.Sum(c => c.Count)
            : (await DistinctPeopleAtAsync(db, scope, PlaceLevel.Country, ageOn, sex, ageBand, cancellationToken)).Sum(c => c.Count)
              + (await GroupMembersAsync(db, scope, PlaceLevel.Country, sex, ageBand, cancellationToken)).Sum(c => c.Count)
              + counts.Sum(c => c.Count);
        return new RollUpFigures(by, total, cells);
    }

    /// <summary>Cells in which each unit counts once (aggregate counts, grievance outcomes) rolled up by <paramref name="by"/>.</summary>
    public static RollUpFigures CountsRollUp(IReadOnlyList<CountCell> counts, IReadOnlyList<string> by) =>
        new(by, counts.Sum(c => c.Count), RollUps.Sum(counts, by));
}
