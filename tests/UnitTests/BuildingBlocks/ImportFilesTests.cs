using System.Text;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Imports;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class ImportFilesTests
{
    private static List<string> Read(string json, string? property = null, int chunk = 7) =>
        ImportFiles.JsonArrayElements(new TrickleStream(Encoding.UTF8.GetBytes(json), chunk), property).Select(e => e.GetRawText()).ToList();

    [Fact]
    public void A_top_level_array_gives_each_element_in_order()
    {
        Assert.Equal(["{\"a\":1}", "[2,3]", "\"x\"", "4"], Read("""[{"a":1}, [2,3], "x", 4]"""));
    }

    [Fact]
    public void The_array_under_the_named_property_is_read_after_other_properties_are_skipped()
    {
        Assert.Equal(["{\"n\":1}", "{\"n\":2}"], Read("""{"other":{"deep":[1,2,{"x":"]"}]},"rows":[{"n":1},{"n":2}],"after":true}""", "rows"));
    }

    [Fact]
    public void An_element_larger_than_the_read_buffer_is_read_whole()
    {
        var big = new string('a', 200_000);

        var elements = Read($$"""[{"name":"{{big}}"},{"name":"b"}]""", chunk: 4096);

        Assert.Equal(2, elements.Count);
        Assert.Equal(big, JsonDocument.Parse(elements[0]).RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public void Many_elements_across_many_buffers_are_all_read()
    {
        var json = "[" + string.Join(',', Enumerable.Range(0, 20_000).Select(i => $$"""{"row":{{i}},"name":"Prénom{{i}}"}""")) + "]";

        var elements = Read(json, chunk: 1000);

        Assert.Equal(20_000, elements.Count);
        Assert.Equal(19_999, JsonDocument.Parse(elements[^1]).RootElement.GetProperty("row").GetInt32());
    }

    [Theory]
    [InlineData("""[{"a":1},{"a":""")]
    [InlineData("""{"a":1}""")]
    [InlineData("""42""")]
    [InlineData("""[{"a":1} {"a":2}]""")]
    public void A_file_that_is_not_a_batch_throws_a_JSON_error(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Read(json, "rows"));
    }

    [Fact]
    public void Readable_passes_rows_on_as_read_and_turns_a_format_error_midway_into_an_unreadable_file()
    {
        var given = new List<int>();

        var error = Assert.Throws<UnreadableImportException>(() =>
        {
            foreach (var row in ImportFiles.Readable("json", RowsThenFailing(new JsonException("cut short"))))
            {
                given.Add(row.Row);
            }
        });

        Assert.Equal([1, 2], given);
        Assert.Equal("The file could not be read as JSON.", error.Message);
        Assert.IsType<JsonException>(error.InnerException);
    }

    [Fact]
    public void Readable_turns_a_CSV_format_error_into_an_unreadable_file_and_lets_other_errors_through()
    {
        Assert.Throws<UnreadableImportException>(() => ImportFiles.Readable("csv", RowsThenFailing(new CsvHelper.CsvFormatException("bad quote"))).ToList());
        Assert.Throws<InvalidOperationException>(() => ImportFiles.Readable("csv", RowsThenFailing(new InvalidOperationException("a bug"))).ToList());
    }

    private sealed record SomeRow(int Row, ImportError? Error) : IImportRow;

    private static IEnumerable<SomeRow> RowsThenFailing(Exception failure)
    {
        yield return new SomeRow(1, null);
        yield return new SomeRow(2, null);
        throw failure;
    }

    /// <summary>A stream that gives at most a few bytes per read, as a network stream may.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }
}
