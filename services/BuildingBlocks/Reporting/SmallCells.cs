using System.Globalization;

namespace JusticePlatform.BuildingBlocks.Reporting;

/// <summary>
/// A figure that leaves the partner that owns the rows behind it never shows a count below 5,
/// which could single a person out in a small commune: such a cell reads "&lt;5".
/// </summary>
public static class SmallCells
{
    public const int Threshold = 5;
    public const string Suppressed = "<5";

    /// <param name="suppress">False only for a partner's figures about its own rows.</param>
    public static string Show(long count, bool suppress = true) =>
        Hides(count, suppress) ? Suppressed : count.ToString(CultureInfo.InvariantCulture);

    public static bool Hides(long count, bool suppress = true) => suppress && count < Threshold;
}
