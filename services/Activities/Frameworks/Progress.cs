namespace JusticePlatform.Activities.Frameworks;

/// <summary>How far an indicator has come towards its target.</summary>
public static class Progress
{
    /// <summary>
    /// Percentage of the target reached. For an ascending indicator, actual / target. For a
    /// descending one (less is better, such as days of pre-trial detention), the share of the way
    /// from the baseline down to the target that has been covered; without a baseline it cannot be said.
    /// </summary>
    public static decimal? PercentOfTarget(decimal? actual, decimal? target, decimal? baseline, bool ascending)
    {
        if (actual is not { } a || target is not { } t)
        {
            return null;
        }

        if (ascending)
        {
            return t == 0 ? null : Math.Round(a / t * 100, 1);
        }

        if (baseline is not { } b || b == t)
        {
            return null;
        }

        return Math.Round((b - a) / (b - t) * 100, 1);
    }

    /// <summary>
    /// The life-of-program target at the end of a period, from the whole-figure targets of the periods up to
    /// it (<paramref name="targetsSoFar"/>, this one included). A count that goes up adds up over periods:
    /// the sum. A level (a percentage, or a figure that should come down) does not: the period's own target.
    /// </summary>
    public static decimal? CumulativeTarget(IEnumerable<decimal> targetsSoFar, decimal? periodTarget, string measure, bool ascending)
    {
        if (measure != Measures.Unit || !ascending)
        {
            return periodTarget;
        }

        var targets = targetsSoFar.ToList();
        return targets.Count == 0 ? null : targets.Sum();
    }

    /// <summary>numerator / denominator × 100, or nothing when the denominator is zero or unknown.</summary>
    public static decimal? Ratio(decimal? numerator, decimal? denominator) =>
        numerator is { } n && denominator is { } d && d != 0 ? Math.Round(n / d * 100, 1) : null;
}

/// <summary>Locked periods: once the lead locks a period, nothing that changes its actuals is accepted.</summary>
public static class PeriodLocks
{
    /// <summary>The locked period that covers <paramref name="date"/>, if any.</summary>
    public static ReportingPeriod? LockedOn(IEnumerable<ReportingPeriod> periods, DateOnly? date) =>
        date is { } day ? periods.FirstOrDefault(p => p.LockedAt is not null && p.Contains(day)) : null;
}
