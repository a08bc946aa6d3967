using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.Activities.Reach;

/// <summary>The code lists reach is disaggregated by, as Beneficiaries publishes them.</summary>
public static class Disaggregation
{
    public const string Sex = "sex";
    public const string AgeBand = "age_band";
    public const string Disability = "disability";
    public const string Displacement = "displacement";
    public const string Commune = "commune";

    /// <summary>The dimensions an indicator can be required to report.</summary>
    public static readonly CodeList Dimensions = new("dimension", ["dimensions", "TargetRequest.dimension", "TargetResponse.dimension", "DimensionBreakdown.dimension"],
        (Sex, "Sex"), (AgeBand, "Age band"), (Disability, "Disability"), (Displacement, "Displacement status"), (Commune, "Commune"));

    public static readonly CodeList Sexes = new("sex", ("female", "Female"), ("male", "Male"), ("other", "Other"), ("unknown", "Unknown"));

    public static readonly CodeList DisplacementStatuses = new("displacementStatus",
        ("host", "Non-displaced (host community)"), ("idp", "Internally displaced person"), ("refugee", "Refugee"),
        ("returnee", "Returnee (refugee back home)"), ("idp_returnee", "Returned internally displaced person"), ("unknown", "Unknown"));

    /// <summary>The value of a category nobody recorded: a count reported without it, a group's members.</summary>
    public const string UnknownValue = "unknown";

    public const string WithDisability = "yes";
    public const string WithoutDisability = "no";

    /// <summary>Disability as reports show it: a named person has a known answer; a count may not.</summary>
    public static readonly CodeList Disabilities = new("disability", (WithDisability, "With a disability"), (WithoutDisability, "Without a disability"), (UnknownValue, "Unknown"));

    public static string DisabilityOf(bool hasDisability) => hasDisability ? WithDisability : WithoutDisability;
}

/// <summary>
/// Age bands derived at a chosen date from the birth year that beneficiary events carry. A birth
/// year stands for 1 July of that year (the date Beneficiaries keeps for an erased person), so a
/// person's band changes once a year, in July.
/// </summary>
public static class AgeBandAt
{
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<(string Label, int MinYears, int? MaxYears)> Default =
    [
        ("0-4", 0, 4), ("5-11", 5, 11), ("12-17", 12, 17), ("18-59", 18, 59), ("60+", 60, null),
    ];

    public static CodeList Labels { get; } = new("ageBand",
        [.. Default.Select(b => (b.Label, b.MaxYears is { } max ? $"{b.MinYears} to {max} years" : $"{b.MinYears} years and over")), (Unknown, "Unknown")]);

    public static int AgeOn(int birthYear, DateOnly on) => on.Year - birthYear - (on < new DateOnly(on.Year, 7, 1) ? 1 : 0);

    public static string LabelOf(int? birthYear, DateOnly on)
    {
        if (birthYear is not { } year)
        {
            return Unknown;
        }

        var age = AgeOn(year, on);
        foreach (var (label, min, max) in Default)
        {
            if (age >= min && (max is null || age <= max))
            {
                return label;
            }
        }

        return Unknown;
    }

    /// <summary>
    /// The latest birth year of each band on <paramref name="on"/>, youngest band first: a person
    /// is in band i when born in or before <c>LatestBirthYears[i]</c> and after <c>LatestBirthYears[i + 1]</c>.
    /// Lets the database compute bands with plain comparisons.
    /// </summary>
    public static int[] LatestBirthYears(DateOnly on)
    {
        var shift = on < new DateOnly(on.Year, 7, 1) ? 1 : 0;
        return Default.Select(b => on.Year - shift - b.MinYears).ToArray();
    }

    /// <summary>
    /// The birth years of a band on <paramref name="on"/>: after <c>After</c> and at most <c>AtMost</c>
    /// (no lower bound for the oldest band). For <see cref="Unknown"/>, <c>After</c> is the latest birth year
    /// of the youngest band: an unknown year, or a later one, is in no band.
    /// </summary>
    public static (int? After, int? AtMost) BirthYears(string label, DateOnly on)
    {
        var years = LatestBirthYears(on);
        if (label == Unknown)
        {
            return (years[0], null);
        }

        var i = Default.Select(b => b.Label).ToList().IndexOf(label);
        if (i < 0)
        {
            throw new ArgumentException($"'{label}' is not an age band.", nameof(label));
        }

        return (i + 1 < years.Length ? years[i + 1] : null, years[i]);
    }
}

/// <summary>Kinds of beneficiary records: any other kind is a group, counted in reach by its members.</summary>
public static class KnownBeneficiaryKinds
{
    public const string Individual = "individual";
}
