using System.Globalization;

namespace JusticePlatform.BuildingBlocks.Reporting;

/// <summary>
/// A figure that leaves the partner that owns the rows behind it never shows a count of 1 to 4,
/// which could single a person out in a small commune: such a cell reads "&lt;5". A true 0 reads
/// "0": it singles no one out. Where a shown total would give a hidden cell back by subtraction,
/// <see cref="SmallCellTable"/> withholds a second cell, which reads "x".
/// </summary>
public static class SmallCells
{
    public const int Threshold = 5;
    public const string Suppressed = "<5";

    /// <summary>A count of 5 or more withheld so that a total cannot give a "&lt;5" cell back.</summary>
    public const string Withheld = "x";

    /// <param name="suppress">False only for a partner's figures about its own rows.</param>
    public static string Show(long count, bool suppress = true) =>
        Hides(count, suppress) ? Suppressed : count.ToString(CultureInfo.InvariantCulture);

    public static bool Hides(long count, bool suppress = true) => suppress && count is > 0 and < Threshold;

    /// <summary>A list of cells and the total shown with them, after complementary suppression.</summary>
    public static (string Total, IReadOnlyList<string> Cells) ShowWithTotal(IReadOnlyList<long> cells, long total, bool suppress = true)
    {
        var table = new SmallCellTable(suppress);
        var parts = cells.Select(table.Add).ToList();
        var totalCell = table.Add(total);
        table.Sums(totalCell, parts);
        var shown = table.Show();
        return (shown[totalCell], parts.Select(p => shown[p]).ToList());
    }
}

/// <summary>
/// The cells of a published table and the sums a reader can also see (a row's total, a column's,
/// the grand total as the sum of the row totals). A cell of 1 to 4 is hidden; then, while a sum
/// has exactly one hidden member (the total or a part) and so would give it back by subtraction,
/// the smallest non-zero shown part of that sum is withheld too (the first one on a tie); if every
/// other part is 0, the total is withheld instead. Withholding a cell can leave a single hidden
/// cell in another sum it belongs to, so the rule runs until nothing changes. A 0 is never
/// withheld: it is shown, and adds nothing to what a sum gives back.
/// </summary>
public sealed class SmallCellTable(bool suppress = true)
{
    private readonly List<long> _counts = [];
    private readonly List<(int Total, int[] Parts)> _sums = [];

    /// <returns>The cell's index, to read its shown value in <see cref="Show"/>.</returns>
    public int Add(long count)
    {
        _counts.Add(count);
        return _counts.Count - 1;
    }

    /// <summary>The cell <paramref name="total"/> is shown as the sum of <paramref name="parts"/>
    /// (or close to it, like distinct people against people by commune).</summary>
    public void Sums(int total, IEnumerable<int> parts) => _sums.Add((total, parts.ToArray()));

    /// <summary>Which cells are hidden: by index, false for a shown one.</summary>
    public IReadOnlyList<bool> Hidden()
    {
        var hidden = _counts.Select(c => SmallCells.Hides(c, suppress)).ToArray();
        if (!suppress)
        {
            return hidden;
        }

        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (total, parts) in _sums)
            {
                if (parts.Count(p => hidden[p]) + (hidden[total] ? 1 : 0) != 1)
                {
                    continue;
                }

                var next = parts.Where(p => !hidden[p] && _counts[p] > 0).OrderBy(p => _counts[p]).ThenBy(p => p).Cast<int?>().FirstOrDefault();
                if (next is { } part)
                {
                    hidden[part] = true;
                }
                else if (!hidden[total])
                {
                    hidden[total] = true;
                }
                else
                {
                    // The total alone is hidden and every part is 0: it is 0 too, nothing to give back.
                    continue;
                }

                changed = true;
            }
        }

        return hidden;
    }

    /// <summary>Every cell as shown: the count, "&lt;5" for 1 to 4, "x" for a withheld one.</summary>
    public IReadOnlyList<string> Show()
    {
        var hidden = Hidden();
        return _counts.Select((count, i) => !hidden[i] ? count.ToString(CultureInfo.InvariantCulture)
            : SmallCells.Hides(count, suppress) ? SmallCells.Suppressed : SmallCells.Withheld).ToList();
    }
}
