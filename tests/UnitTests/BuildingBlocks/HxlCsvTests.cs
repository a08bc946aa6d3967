using JusticePlatform.Activities.Reports;
using JusticePlatform.BuildingBlocks.Reporting;
using Microsoft.AspNetCore.Http;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class HxlCsvTests
{
    private sealed record Row(string Commune, string Count);

    private static readonly HxlTable<Row> Table = new(
        new("communePcode", "#adm3+code", r => r.Commune),
        new("count", "#reached+ind", r => r.Count));

    private static async Task<string> WriteAsync<T>(HxlTable<T> table, IEnumerable<T> rows)
    {
        await using var writer = new StringWriter();
        await table.WriteAsync(writer, rows);
        return writer.ToString();
    }

    [Fact]
    public async Task The_header_row_comes_first_and_the_hxl_hashtag_row_right_under_it()
    {
        var csv = await WriteAsync(Table, [new Row("ML060201", "12")]);

        Assert.Equal("communePcode,count\n#adm3+code,#reached+ind\nML060201,12\n", csv);
    }

    [Fact]
    public async Task A_cell_that_starts_like_a_formula_is_neutralised()
    {
        var csv = await WriteAsync(Table, [new Row("=HYPERLINK(\"http://x\")", "+1"), new Row("@SUM(A1)", "-2"), new Row("\tx", "\ry")]);

        var lines = csv.Split('\n');
        Assert.Equal("\"'=HYPERLINK(\"\"http://x\"\")\",'+1", lines[2]);
        Assert.Equal("'@SUM(A1),'-2", lines[3]);
        Assert.StartsWith("'\tx,\"'\ry\"", lines[4]);
    }

    [Fact]
    public async Task The_reach_csv_shows_the_small_cells_and_withheld_cells_of_the_json_answer()
    {
        // Two communes with 3 and 40 people, 43 in all: the 3 reads "<5" and, so that 43 - 40 cannot give it back, the 40 reads "x".
        var (total, cells) = SmallCells.ShowWithTotal([3, 40], 43);
        var report = new ReachReportResponse(Guid.NewGuid(), ReportScopes.Program, new DateOnly(2026, 12, 1), total,
            [new ReachReportCell("ML060201", "female", "18-59", "no", "idp", cells[0]), new ReachReportCell("ML060202", "male", "18-59", "no", "host", cells[1])],
            "0", [], "0", [], new RollUpResponse([], total, []));

        var csv = await WriteAsync(ReportCsv.Reach, ReportCsv.ReachRows(report));

        var lines = csv.Split('\n');
        Assert.Equal("distinct_people,,,,,,43", lines[2]);
        Assert.Equal("distinct_people,ML060201,female,18-59,no,idp,<5", lines[3]);
        Assert.Equal("distinct_people,ML060202,male,18-59,no,host,x", lines[4]);
        Assert.Equal("aggregate_reach,,,,,,0", lines[5]);
    }

    [Fact]
    public async Task Rows_are_written_as_they_are_enumerated_not_gathered_first()
    {
        await using var writer = new StringWriter();
        var seen = new List<string>();
        IEnumerable<Row> Rows()
        {
            yield return new Row("ML060201", "7");
            seen.Add(writer.ToString());
            yield return new Row("ML060202", "9");
        }

        await Table.WriteAsync(writer, Rows());

        Assert.EndsWith("ML060201,7\n", Assert.Single(seen));
    }

    [Theory]
    [InlineData("text/csv", true)]
    [InlineData("text/csv; charset=utf-8", true)]
    [InlineData("application/json, text/csv;q=0.5", false)]
    [InlineData("text/csv, application/json;q=0.9", true)]
    [InlineData("application/json", false)]
    [InlineData("*/*", false)]
    [InlineData(null, false)]
    public void Csv_is_answered_only_when_the_caller_asks_for_text_csv_above_json(string? accept, bool csv)
    {
        var http = new DefaultHttpContext();
        if (accept is not null) http.Request.Headers.Accept = accept;

        Assert.Equal(csv, HxlCsv.IsAskedFor(http.Request));
    }
}
