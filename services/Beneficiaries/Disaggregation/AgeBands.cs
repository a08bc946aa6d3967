using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.Beneficiaries.Disaggregation;

/// <summary>An age band such as 18–59; <see cref="MaxYears"/> is null for the open-ended last band.</summary>
public sealed record AgeBand(string Label, int MinYears, int? MaxYears)
{
    /// <summary>
    /// Birth dates of people in this band on <paramref name="today"/>: born after <c>From</c>
    /// (exclusive, null when open) and on or before <c>To</c>. Used to filter in the database.
    /// </summary>
    public (DateOnly? BornAfter, DateOnly BornOnOrBefore) BirthDates(DateOnly today) =>
        (MaxYears is { } max ? today.AddYears(-(max + 1)) : null, today.AddYears(-MinYears));
}

/// <summary>
/// Ages are derived from the birth date (given, or estimated) on the day of the query and
/// never stored, so a child registered at 17 is counted an adult a year later.
/// </summary>
public static class AgeBands
{
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<AgeBand> Default =
    [
        new("0-4", 0, 4), new("5-11", 5, 11), new("12-17", 12, 17), new("18-59", 18, 59), new("60+", 60, null),
    ];

    /// <summary>The bands a list or report filters by, and "unknown" for a person without a birth date.</summary>
    public static readonly CodeList Codes = new("ageBand",
        [.. Default.Select(b => (b.Label, b.MaxYears is { } max ? $"{b.MinYears} to {max} years" : $"{b.MinYears} years and over")), (Unknown, "Unknown")]);

    public static int AgeOn(DateOnly birthDate, DateOnly today)
    {
        var age = today.Year - birthDate.Year;
        return birthDate > today.AddYears(-age) ? age - 1 : age;
    }

    public static string LabelOf(DateOnly? birthDate, DateOnly today)
    {
        if (birthDate is not { } born)
        {
            return Unknown;
        }

        var age = AgeOn(born, today);
        return Default.FirstOrDefault(b => age >= b.MinYears && (b.MaxYears is null || age <= b.MaxYears))?.Label ?? Unknown;
    }

    public static AgeBand? Find(string label) => Default.FirstOrDefault(b => b.Label == label);

    /// <summary>A birth date that stands for an age estimated on a given day, so the age keeps moving with time.</summary>
    public static DateOnly BirthDateFromEstimate(int estimatedAge, DateOnly estimatedOn) => estimatedOn.AddYears(-estimatedAge);
}
