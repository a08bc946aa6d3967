using System.Globalization;
using JusticePlatform.BuildingBlocks.Reporting;

namespace JusticePlatform.Activities.Reports;

/// <summary>One line of the progress CSV: an indicator in all (<see cref="Dimension"/> empty) or one value of one of its breakdowns.</summary>
public sealed record ProgressCsvRow(IndicatorProgress Indicator, string Dimension, string DimensionValue, decimal? Target, string? Actual, decimal? PercentOfTarget);

/// <summary>One line of the reach CSV: a measure in all (no commune) or one of its cells.</summary>
public sealed record ReachCsvRow(string Measure, ReachReportCell? Cell, string Count);

/// <summary>
/// The Activities reports as CSV with HXL hashtags (core hashtags and attributes only: Mali's
/// regions are #adm1, its communes #adm3). The rows are the JSON answer's, so the CSV shows the
/// same figures and the same "&lt;5" and "x".
/// </summary>
public static class ReportCsv
{
    public const string DistinctPeople = "distinct_people";
    public const string AggregateReach = "aggregate_reach";
    public const string GroupMembers = "group_members";

    public static readonly HxlTable<ProgressCsvRow> Progress = new(
        new("resultCode", "#output+code", r => r.Indicator.ResultCode),
        new("indicatorCode", "#indicator+code", r => r.Indicator.Code),
        new("indicatorTitle", "#indicator+name", r => r.Indicator.Title),
        new("measure", "#indicator+type", r => r.Indicator.Measure),
        new("dimension", "#group+type", r => r.Dimension),
        new("dimensionValue", "#group+name", r => r.DimensionValue),
        new("baselineYear", "#date+start", r => Number(r.Indicator.BaselineYear)),
        new("baselineValue", "#indicator+num+start", r => Number(r.Indicator.BaselineValue)),
        new("target", "#targeted+num", r => Number(r.Target)),
        new("actual", "#reached+num", r => r.Actual),
        new("percentOfTarget", "#indicator+num", r => Number(r.PercentOfTarget)),
        new("comment", "#description", r => r.Indicator.Comment));

    public static IEnumerable<ProgressCsvRow> ProgressRows(ProgressResponse report) =>
        report.Indicators.SelectMany(indicator => new[] { new ProgressCsvRow(indicator, "", "", indicator.Target, indicator.Actual, indicator.PercentOfTarget) }
            .Concat(indicator.ByDimension.SelectMany(d => d.Values.Select(v => new ProgressCsvRow(indicator, d.Dimension, v.Value, v.Target, v.Actual, null)))));

    public static readonly HxlTable<ReachCsvRow> Reach = new(
        new("measure", "#indicator+type", r => r.Measure),
        new("communePcode", "#adm3+code", r => r.Cell?.CommunePcode),
        new("sex", "#group+type", r => r.Cell?.Sex),
        new("ageBand", "#group+type", r => r.Cell?.AgeBand),
        new("disability", "#group+type", r => r.Cell?.Disability),
        new("displacementStatus", "#group+type", r => r.Cell?.DisplacementStatus),
        new("count", "#reached+ind", r => r.Count));

    public static IEnumerable<ReachCsvRow> ReachRows(ReachReportResponse report) =>
        new[] { new ReachCsvRow(DistinctPeople, null, report.DistinctPeople) }
            .Concat(report.People.Select(c => new ReachCsvRow(DistinctPeople, c, c.Count)))
            .Append(new ReachCsvRow(AggregateReach, null, report.AggregateReach))
            .Concat(report.Aggregate.Select(c => new ReachCsvRow(AggregateReach, c, c.Count)))
            .Append(new ReachCsvRow(GroupMembers, null, report.GroupMembers))
            .Concat(report.Groups.Select(c => new ReachCsvRow(GroupMembers, c, c.Count)));

    public static readonly HxlTable<WhoDoesWhatWhereRow> WhoDoesWhatWhere = new(
        new("partner", "#org+impl+code", r => r.PartnerId),
        new("sector", "#sector+name", r => r.Sector),
        new("activityType", "#activity+type", r => r.ActivityType),
        new("regionPcode", "#adm1+code", r => r.RegionPcode),
        new("communePcode", "#adm3+code", r => r.CommunePcode),
        new("start", "#date+start", r => Date(r.Start)),
        new("end", "#date+end", r => Date(r.End)),
        new("activities", "#activity+num", r => Number(r.Activities)),
        new("people", "#reached+ind", r => r.People),
        new("female", "#reached+ind+f", r => r.Female),
        new("male", "#reached+ind+m", r => r.Male),
        new("otherSex", "#reached+ind+i", r => r.OtherSex),
        new("aggregateReach", "#reached+num", r => r.AggregateReach));

    private static string? Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
