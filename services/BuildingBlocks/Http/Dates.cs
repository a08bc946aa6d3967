using System.Globalization;

namespace JusticePlatform.BuildingBlocks.Http;

/// <summary>
/// Whether a date can be true: never before <see cref="Earliest"/>, and never later than its
/// field's rule allows — today for what has happened (an incident, a birth, a consent, a payment),
/// a few years ahead for what is planned. A typo (0202 for 2022, 2206 for 2026) is a 400 naming the
/// field, not a record that skews every report. "Today" is the service's injected clock.
/// </summary>
public static class Dates
{
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    /// <summary>How far ahead a planned date (a program, an activity, a grant, a budget's value date) may lie.</summary>
    public const int PlanningYears = 10;

    /// <summary>The latest plausible date of something planned, seen from <paramref name="today"/>.</summary>
    public static DateOnly LatestPlanned(DateOnly today) => today.AddYears(PlanningYears);

    /// <summary>What is wrong with <paramref name="value"/> for a field whose latest plausible date is <paramref name="latest"/>; null when nothing is.</summary>
    public static string? Plausible(DateOnly value, DateOnly latest)
    {
        if (value < Earliest)
        {
            return string.Create(CultureInfo.InvariantCulture, $"must not be before {Earliest:yyyy-MM-dd}.");
        }

        return value > latest ? string.Create(CultureInfo.InvariantCulture, $"must not be after {latest:yyyy-MM-dd}.") : null;
    }

    /// <summary>A date that has happened: from <see cref="Earliest"/> to <paramref name="today"/>.</summary>
    public static ValidationErrors Past(this ValidationErrors errors, string field, DateOnly? value, DateOnly today) =>
        errors.Plausible(field, value, today);

    /// <summary>A date that may be planned: from <see cref="Earliest"/> to <see cref="PlanningYears"/> years after <paramref name="today"/>.</summary>
    public static ValidationErrors Planned(this ValidationErrors errors, string field, DateOnly? value, DateOnly today) =>
        errors.Plausible(field, value, LatestPlanned(today));

    /// <summary>A date from <see cref="Earliest"/> to <paramref name="latest"/>; a missing date is left to the field's own rule.</summary>
    public static ValidationErrors Plausible(this ValidationErrors errors, string field, DateOnly? value, DateOnly latest)
    {
        if (value is { } date && Plausible(date, latest) is { } problem)
        {
            errors.Add(field, problem);
        }

        return errors;
    }
}
