using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class CsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+223 70000000", "'+223 70000000")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "\"'\r=1\"")]
    public void A_cell_starting_like_a_formula_starts_with_a_quote(string value, string cell)
    {
        Assert.Equal(cell, Csv.Cell(value));
    }

    [Theory]
    [InlineData("Aminata", "Aminata")]
    [InlineData("SRV-123", "SRV-123")]
    [InlineData("Maïga, Awa", "\"Maïga, Awa\"")]
    [InlineData(null, "")]
    public void Other_cells_are_quoted_only_when_they_hold_a_separator(string? value, string cell)
    {
        Assert.Equal(cell, Csv.Cell(value));
    }

    [Fact]
    public void A_line_joins_safe_cells_and_ends_with_a_line_feed()
    {
        Assert.Equal("a,'=b,\n", Csv.Line(["a", "=b", null]));
    }
}
