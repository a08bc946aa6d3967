using System.Text;
using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.BuildingBlocks.Imports;
using JusticePlatform.BuildingBlocks.Places;

namespace JusticePlatform.UnitTests.Activities;

/// <summary>Activity and attendance uploads are read a row at a time from the stored file, never whole.</summary>
public sealed class ImportReadingTests
{
    private static readonly Guid Activity = Guid.Parse("0193a1b2-0000-7000-8000-000000000001");

    private static string AttendanceJson(int rows) =>
        "[" + string.Join(',', Enumerable.Range(1, rows).Select(i => $$"""{"activityId":"{{Activity}}","beneficiaryId":"{{Guid.CreateVersion7()}}"}""")) + "]";

    private static string ActivitiesCsv(int rows) =>
        "programId,title,type,communePcode,plannedStart,plannedEnd\n" +
        string.Concat(Enumerable.Range(1, rows).Select(i => $"{Activity},Formation {i},training,ML060201,2026-10-01,2026-10-03\n"));

    [Fact]
    public void The_first_attendance_row_of_a_JSON_batch_comes_before_the_file_is_read_to_its_end()
    {
        using var file = new CountingStream(AttendanceJson(5_000));

        var first = (AttendanceRow)new AttendanceImports().ReadRows("json", file).First();

        Assert.Equal((1, Activity), (first.Row, first.ActivityId));
        Assert.True(file.MostRead < file.Length / 4, $"{file.MostRead} of {file.Length} bytes read for the first row");
    }

    [Fact]
    public void The_first_attendance_row_of_a_CSV_comes_before_the_file_is_read_to_its_end()
    {
        var csv = "activityId,beneficiaryId\n" + string.Concat(Enumerable.Range(1, 5_000).Select(_ => $"{Activity},{Guid.CreateVersion7()}\n"));
        using var file = new CountingStream(csv);

        var first = (AttendanceRow)new AttendanceImports().ReadRows("csv", file).First();

        Assert.Equal((1, Activity), (first.Row, first.ActivityId));
        Assert.True(file.MostRead < file.Length / 4, $"{file.MostRead} of {file.Length} bytes read for the first row");
    }

    [Fact]
    public void The_first_activity_row_of_a_CSV_comes_before_the_file_is_read_to_its_end()
    {
        using var file = new CountingStream(ActivitiesCsv(5_000));

        var first = (ActivityRow)new ActivityImports(MaliGazetteer.Embedded).ReadRows("csv", file).First();

        Assert.Equal((1, "Formation 1"), (first.Row, first.Request!.Title));
        Assert.True(file.MostRead < file.Length / 4, $"{file.MostRead} of {file.Length} bytes read for the first row");
    }

    [Fact]
    public void The_first_activity_of_a_JSON_batch_comes_before_the_file_is_read_to_its_end()
    {
        var json = """{"note":{"source":"kobo"},"activities":[""" +
                   string.Join(',', Enumerable.Range(1, 5_000).Select(i => $$"""{"programId":"{{Activity}}","title":"Formation {{i}}","type":"training"}""")) + "]}";
        using var file = new CountingStream(json);

        var first = (ActivityRow)new ActivityImports(MaliGazetteer.Embedded).ReadRows("json", file).First();

        Assert.Equal((1, "Formation 1"), (first.Row, first.Request!.Title));
        Assert.True(file.MostRead < file.Length / 4, $"{file.MostRead} of {file.Length} bytes read for the first row");
    }

    [Fact]
    public void A_long_JSON_batch_cut_short_gives_its_first_rows_then_says_the_file_is_unreadable()
    {
        var json = AttendanceJson(5_000);
        using var file = new CountingStream(json[..^40]);
        var read = new List<IImportRow>();

        var error = Assert.Throws<UnreadableImportException>(() =>
        {
            foreach (var row in new AttendanceImports().ReadRows("json", file)) read.Add(row);
        });

        Assert.InRange(read.Count, 100, 4_999);
        Assert.Equal(Enumerable.Range(1, read.Count), read.Select(r => r.Row));
        Assert.Contains("JSON", error.Message);
    }

    [Fact]
    public void A_CSV_without_the_attendance_columns_is_unreadable()
    {
        using var file = new CountingStream($"activity,person\n{Activity},{Guid.NewGuid()}\n");

        Assert.Throws<UnreadableImportException>(() => new AttendanceImports().ReadRows("csv", file).ToList());
    }

    [Fact]
    public void An_activity_cell_that_cannot_be_read_is_a_row_error_naming_its_column()
    {
        using var file = new CountingStream("programId,title,type,communePcode,plannedStart,plannedEnd\n" +
                                            $"{Activity},Formation,training,ML060201,le premier,2026-10-03\n{Activity},Atelier,workshop,ML060201,2026-10-01,2026-10-03\n");

        var rows = new ActivityImports(MaliGazetteer.Embedded).ReadRows("csv", file).ToList();

        Assert.Equal(("plannedStart", "invalid_value"), (rows[0].Error!.Field, rows[0].Error!.Code));
        Assert.Null(rows[1].Error);
    }

    [Fact]
    public void A_completed_activity_row_carries_its_actuals_and_reach_cells()
    {
        using var file = new CountingStream("programId,title,type,communePcode,plannedStart,plannedEnd,status,actualStart,actualEnd,actualCostAmount,actualCostCurrency,actualCostValueDate,aggregateReach\n" +
                                            $"{Activity},Émission,radio_broadcast,ML060201,2026-10-01,2026-10-01,completed,2026-10-02,2026-10-02,85000.50,XOF,2026-10-02,\"female/18-59/idp=120; male/60+/host/disability=15\"\n" +
                                            $"{Activity},Émission,radio_broadcast,ML060201,2026-10-01,2026-10-01,completed,2026-10-02,2026-10-02,,,,female/18-59=120\n");

        var rows = new ActivityImports(MaliGazetteer.Embedded).ReadRows("csv", file).Cast<ActivityRow>().ToList();

        var outcome = rows[0].Outcome!;
        Assert.Equal((true, new DateOnly(2026, 10, 2), 85_000.50m), (outcome.Completed, outcome.ActualEnd!.Value, outcome.ActualCost!.Amount!.Value));
        Assert.Equal([new ReachCellRequest("female", "18-59", false, "idp", 120), new ReachCellRequest("male", "60+", true, "host", 15)], outcome.AggregateReach!);
        Assert.Equal(("aggregateReach", "invalid_value"), (rows[1].Error!.Field, rows[1].Error!.Code));
    }

    [Fact]
    public void A_reach_cell_of_an_upload_marked_disability_unknown_carries_an_unknown_disability()
    {
        using var file = new CountingStream("programId,title,type,communePcode,plannedStart,plannedEnd,status,actualStart,actualEnd,aggregateReach\n" +
                                            $"{Activity},Émission,radio_broadcast,ML060201,2026-10-01,2026-10-01,completed,2026-10-02,2026-10-02,female/18-59/unknown/disability_unknown=120\n");

        var outcome = new ActivityImports(MaliGazetteer.Embedded).ReadRows("csv", file).Cast<ActivityRow>().Single().Outcome!;

        Assert.Equal([new ReachCellRequest("female", "18-59", null, "unknown", 120, "unknown")], outcome.AggregateReach!);
    }

    [Fact]
    public void A_completed_activity_of_a_JSON_batch_carries_its_actuals_and_reach_cells()
    {
        var json = $$"""[{"programId":"{{Activity}}","title":"Émission","type":"radio_broadcast","status":"completed","actualStart":"2026-10-02","actualEnd":"2026-10-02","actualCost":{"amount":85000,"currency":"XOF","valueDate":"2026-10-02"},"aggregateReach":[{"sex":"female","ageBand":"18-59","hasDisability":false,"displacementStatus":"idp","count":120}]}]""";
        using var file = new CountingStream(json);

        var outcome = ((ActivityRow)new ActivityImports(MaliGazetteer.Embedded).ReadRows("json", file).Single()).Outcome!;

        Assert.Equal((true, 85_000m), (outcome.Completed, outcome.ActualCost!.Amount!.Value));
        Assert.Equal([new ReachCellRequest("female", "18-59", false, "idp", 120)], outcome.AggregateReach!);
    }

    [Fact]
    public void Reading_the_same_file_twice_gives_the_same_rows()
    {
        var csv = ActivitiesCsv(3);
        using var once = new CountingStream(csv);
        using var twice = new CountingStream(csv);

        var first = new ActivityImports(MaliGazetteer.Embedded).ReadRows("csv", once).Cast<ActivityRow>().Select(r => (r.Row, r.Request!.Title)).ToList();
        var second = new ActivityImports(MaliGazetteer.Embedded).ReadRows("csv", twice).Cast<ActivityRow>().Select(r => (r.Row, r.Request!.Title)).ToList();

        Assert.Equal(first, second);
    }

    /// <summary>A file as the database streams it, remembering how far it was read.</summary>
    private sealed class CountingStream(string text) : MemoryStream(Encoding.UTF8.GetBytes(text))
    {
        public long MostRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            MostRead = Math.Max(MostRead, Position);
            return read;
        }

        public override int Read(Span<byte> buffer)
        {
            var read = base.Read(buffer);
            MostRead = Math.Max(MostRead, Position);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            MostRead = Math.Max(MostRead, Position);
            return read;
        }
    }
}
