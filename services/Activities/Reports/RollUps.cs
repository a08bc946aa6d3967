using JusticePlatform.Activities.Reach;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Places;
using JusticePlatform.BuildingBlocks.Reporting;

namespace JusticePlatform.Activities.Reports;

/// <summary>One cell of a roll-up: the value of each dimension asked for, in their order, and its exact count.</summary>
public sealed record RollUpCount(IReadOnlyList<string> Values, long Count);

/// <summary>A figure rolled up by some dimensions: the cells, and the total counted on its own (never the cells' sum).</summary>
public sealed record RollUpFigures(IReadOnlyList<string> By, long Total, IReadOnlyList<RollUpCount> Cells);

/// <summary>One shown cell: each dimension's value by name, and the count as shown (a number, "&lt;5" or "x").</summary>
public sealed record RollUpCell(IReadOnlyDictionary<string, string> Values, string Count);

public sealed record RollUpResponse(IReadOnlyList<string> By, string Total, IReadOnlyList<RollUpCell> Cells);

/// <summary>
/// Figures by any subset of the dimensions (none: the whole program). Each source is counted at the
/// finest place asked for, each person once per place (see <see cref="ReachQueries.DistinctPeopleAtAsync"/>),
/// so summing its cells over the other dimensions, which are a person's categories, is exact; a place
/// is never summed up from finer places, where a person reached in two communes would count twice.
/// </summary>
public static class RollUps
{
    public const string Region = "region";

    public static readonly string[] Dimensions =
        [Region, Disaggregation.Commune, Disaggregation.Sex, Disaggregation.AgeBand, Disaggregation.Disability, Disaggregation.Displacement];

    /// <summary>The dimensions of a comma-separated <c>by</c>; an empty or absent one is the whole program.</summary>
    public static IReadOnlyList<string> Parse(string? by, ValidationErrors errors)
    {
        var dimensions = (by ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var unknown in dimensions.Where(d => !Dimensions.Contains(d)).Distinct())
        {
            errors.Add("by", $"'{unknown}' is not a dimension: use any of {string.Join(", ", Dimensions)}, separated by commas.");
        }

        if (dimensions.Length != dimensions.Distinct().Count())
        {
            errors.Add("by", "names a dimension twice.");
        }

        return dimensions;
    }

    /// <summary>The finest place among <paramref name="by"/>.</summary>
    public static PlaceLevel LevelOf(IReadOnlyList<string> by) =>
        by.Contains(Disaggregation.Commune) ? PlaceLevel.Commune : by.Contains(Region) ? PlaceLevel.Region : PlaceLevel.Country;

    /// <summary>The region of a place from its P-code alone (a place recorded at a region, or higher, stays as it is).</summary>
    private static string RegionOf(string pcode) =>
        pcode.Length <= MaliGazetteer.CodeLength(PlaceLevel.Region) ? pcode : pcode[..MaliGazetteer.CodeLength(PlaceLevel.Region)];

    public static string ValueOf(CountCell cell, string dimension) => dimension switch
    {
        Region => RegionOf(cell.Commune),
        Disaggregation.Commune => cell.Commune,
        Disaggregation.Sex => cell.Sex,
        Disaggregation.AgeBand => cell.AgeBand,
        Disaggregation.Disability => cell.Disability,
        Disaggregation.Displacement => cell.DisplacementStatus,
        _ => throw new ArgumentException($"'{dimension}' is not a dimension.", nameof(dimension)),
    };

    /// <summary>
    /// Cells counted at the place level of <paramref name="by"/> (each unit once per place), gathered into the
    /// cells of <paramref name="by"/>; a count of 0 is no cell. In the order of the values.
    /// </summary>
    public static List<RollUpCount> Sum(IEnumerable<CountCell> cells, IReadOnlyList<string> by) => cells
        .GroupBy(c => string.Join('\u001f', by.Select(d => ValueOf(c, d))))
        .Select(g => new RollUpCount(by.Select(d => ValueOf(g.First(), d)).ToList(), g.Sum(c => c.Count)))
        .Where(c => c.Count > 0)
        .OrderBy(c => string.Join('\u001f', c.Values), StringComparer.Ordinal)
        .ToList();

    /// <summary>
    /// The roll-up as shown: suppressed as every report is (<see cref="SmallCellTable"/>), the total as the
    /// sum of the cells, so no hidden cell can be given back by subtracting the others from the total.
    /// </summary>
    public static RollUpResponse Show(RollUpFigures figures, bool suppress)
    {
        var shown = SmallCells.ShowWithTotal(figures.Cells.Select(c => c.Count).ToList(), figures.Total, suppress);
        return new RollUpResponse(figures.By, shown.Total, figures.Cells
            .Select((c, i) => new RollUpCell(figures.By.Select((d, j) => (d, c.Values[j])).ToDictionary(x => x.d, x => x.Item2), shown.Cells[i]))
            .ToList());
    }
}
