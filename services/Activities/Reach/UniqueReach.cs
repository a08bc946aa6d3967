namespace JusticePlatform.Activities.Reach;

/// <summary>A person reached, as the projection knows them: the record's own id and, when merged, its survivor.</summary>
public sealed record Attendee(Guid BeneficiaryId, Guid? MergedIntoId, string Sex, int? BirthYear, bool HasDisability, string DisplacementStatus)
{
    /// <summary>The person this record counts as: the survivor of a merge, or itself.</summary>
    public Guid PersonId => MergedIntoId ?? BeneficiaryId;
}

/// <summary>One cell of reach: sex × age band × disability (yes, no, unknown) × displacement.</summary>
public sealed record ReachCell(string Sex, string AgeBand, string Disability, string DisplacementStatus);

/// <summary>
/// Distinct people reached: a person trained twice, or registered twice and merged, is one person.
/// The categories counted are those of the person the record counts as (the survivor).
/// </summary>
public static class UniqueReach
{
    public static IReadOnlyDictionary<ReachCell, int> Count(IEnumerable<Attendee> attendance, IReadOnlyDictionary<Guid, Attendee> survivors, DateOnly ageOn)
    {
        var people = new Dictionary<Guid, Attendee>();
        foreach (var attendee in attendance)
        {
            var person = attendee.MergedIntoId is { } survivorId && survivors.TryGetValue(survivorId, out var survivor) ? survivor : attendee;
            people.TryAdd(attendee.PersonId, person);
        }

        return people.Values
            .GroupBy(p => new ReachCell(p.Sex, AgeBandAt.LabelOf(p.BirthYear, ageOn), Disaggregation.DisabilityOf(p.HasDisability), p.DisplacementStatus))
            .ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>Named and aggregate reach of one activity together, cell by cell.</summary>
    public static IReadOnlyDictionary<ReachCell, int> Add(IReadOnlyDictionary<ReachCell, int> named, IEnumerable<(ReachCell Cell, int Count)> aggregate)
    {
        var total = new Dictionary<ReachCell, int>(named);
        foreach (var (cell, count) in aggregate)
        {
            total[cell] = total.GetValueOrDefault(cell) + count;
        }

        return total;
    }
}
