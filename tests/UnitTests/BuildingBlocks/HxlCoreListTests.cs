using System.Reflection;
using JusticePlatform.BuildingBlocks.Reporting;

namespace JusticePlatform.UnitTests.BuildingBlocks;

/// <summary>Every report's CSV tags its columns with core HXL hashtags and attributes only, so any HXL tool reads them.</summary>
public sealed class HxlCoreListTests
{
    private static readonly string CoreList = Path.Combine(AppContext.BaseDirectory, "BuildingBlocks", "Hxl", "hxl-core-hashtags-and-attributes.txt");

    [Fact]
    public void Every_report_csv_uses_only_hashtags_and_attributes_of_the_HXL_core_list()
    {
        var core = File.ReadAllLines(CoreList).Where(l => l.Length > 0 && !l.StartsWith("# ", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var tables = ReportTables().ToList();
        Assert.True(tables.Count >= 6, $"Expected the CSV tables of every report, found {tables.Count}.");

        var unknown = tables
            .SelectMany(t => t.Table.Hashtags.Select(tag => (t.Name, Tag: tag)))
            .SelectMany(t => Parts(t.Tag).Where(part => !core.Contains(part)).Select(part => $"{t.Name}: {part} (in {t.Tag})"))
            .ToList();
        Assert.True(unknown.Count == 0, "Not in the HXL core list:\n" + string.Join('\n', unknown));
    }

    [Fact]
    public void Every_report_csv_names_a_hashtag_for_every_column()
    {
        foreach (var (name, table) in ReportTables())
        {
            Assert.Equal(table.Headers.Count, table.Hashtags.Count);
            Assert.All(table.Hashtags, tag => Assert.Matches("^#[a-z][a-z0-9_]*(\\+[a-z][a-z0-9_]*)*$", tag));
            Assert.True(table.Headers.Distinct().Count() == table.Headers.Count, $"{name} repeats a header.");
        }
    }

    /// <summary>"#reached+ind+f" is the hashtag "#reached" and the attributes "+ind" and "+f".</summary>
    private static IEnumerable<string> Parts(string tag)
    {
        var parts = tag.Split('+');
        yield return parts[0];
        foreach (var attribute in parts.Skip(1)) yield return "+" + attribute;
    }

    /// <summary>The CSV tables every service declares (static fields of type <see cref="IHxlTable"/>).</summary>
    private static IEnumerable<(string Name, IHxlTable Table)> ReportTables() =>
        new[] { typeof(global::JusticePlatform.Activities.Reports.ReportCsv), typeof(global::JusticePlatform.Funding.Reports.FundingCsv), typeof(global::JusticePlatform.Grievances.Statistics.StatisticsCsv) }
            .Select(t => t.Assembly).Distinct()
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(f => typeof(IHxlTable).IsAssignableFrom(f.FieldType))
            .Select(f => ($"{f.DeclaringType!.Name}.{f.Name}", (IHxlTable)f.GetValue(null)!));
}
