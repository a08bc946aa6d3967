using JusticePlatform.BuildingBlocks.Reporting;

namespace JusticePlatform.Grievances.Statistics;

/// <summary>One line of the statistics CSV: the month in all, a region's or a type's subtotal (scope=own only), or one cell.</summary>
public sealed record IncidentCsvRow(string Month, string? RegionPcode, string? Region, string? IncidentType, string Count);

/// <summary>The incident statistics as CSV with HXL hashtags, from the rows of the JSON answer (same "&lt;5" and "x").</summary>
public static class StatisticsCsv
{
    public static readonly HxlTable<IncidentCsvRow> Incidents = new(
        new("month", "#date+occurred", r => r.Month),
        new("regionPcode", "#adm1+code", r => r.RegionPcode),
        new("region", "#adm1+name", r => r.Region),
        new("incidentType", "#event+type", r => r.IncidentType),
        new("count", "#event+num", r => r.Count));

    /// <summary>The total first (no region, no type), then the subtotals when the answer has them, then the cells.</summary>
    public static IEnumerable<IncidentCsvRow> Rows(IncidentStatistics statistics) =>
        new[] { new IncidentCsvRow(statistics.Month, null, null, null, statistics.Total) }
            .Concat((statistics.ByRegion ?? []).Select(r => new IncidentCsvRow(statistics.Month, r.RegionPcode, r.Region, null, r.Count)))
            .Concat((statistics.ByType ?? []).Select(t => new IncidentCsvRow(statistics.Month, null, null, t.IncidentType, t.Count)))
            .Concat(statistics.Cells.Select(c => new IncidentCsvRow(statistics.Month, c.RegionPcode, c.Region, c.IncidentType, c.Count)));
}
