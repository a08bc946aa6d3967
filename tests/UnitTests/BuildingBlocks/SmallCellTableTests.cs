using JusticePlatform.BuildingBlocks.Reporting;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class SmallCellTableTests
{
    [Fact]
    public void A_single_hidden_cell_in_a_list_with_its_total_hides_the_smallest_other_non_zero_cell()
    {
        var (total, cells) = SmallCells.ShowWithTotal([12, 3, 7, 9], 31);

        Assert.Equal("31", total);
        Assert.Equal(["12", "<5", "x", "9"], cells);
    }

    [Fact]
    public void Two_hidden_cells_in_a_list_need_no_third()
    {
        var (total, cells) = SmallCells.ShowWithTotal([12, 3, 2, 9], 26);

        Assert.Equal("26", total);
        Assert.Equal(["12", "<5", "<5", "9"], cells);
    }

    [Fact]
    public void Nothing_is_hidden_when_no_cell_is_one_to_four()
    {
        var (total, cells) = SmallCells.ShowWithTotal([12, 0, 5, 9], 26);

        Assert.Equal("26", total);
        Assert.Equal(["12", "0", "5", "9"], cells);
    }

    [Fact]
    public void A_zero_stays_zero_and_is_never_the_second_hidden_cell()
    {
        var (total, cells) = SmallCells.ShowWithTotal([0, 3, 0, 8], 11);

        Assert.Equal("11", total);
        Assert.Equal(["0", "<5", "0", "x"], cells);
    }

    [Fact]
    public void When_every_other_cell_is_zero_the_total_is_hidden_as_well()
    {
        // Distinct people (one person reached in two communes) need not be the cells' sum.
        var table = new SmallCellTable();
        var cells = new[] { table.Add(0), table.Add(3), table.Add(0) };
        var total = table.Add(6);
        table.Sums(total, cells);

        Assert.Equal(["0", "<5", "0", "x"], table.Show());
    }

    [Fact]
    public void Hiding_a_cell_for_a_row_hides_another_for_the_column_it_leaves_alone()
    {
        // 3 hides 10 for row 0; 3 then leaves column 0 with one hidden cell (12), and 10 column 1 (11).
        int[,] counts = { { 3, 10, 20 }, { 12, 11, 30 } };
        var table = new SmallCellTable();
        var cell = new int[2, 3];
        for (var r = 0; r < 2; r++)
        {
            for (var c = 0; c < 3; c++) cell[r, c] = table.Add(counts[r, c]);
        }

        var rowTotals = Enumerable.Range(0, 2).Select(r => table.Add(Enumerable.Range(0, 3).Sum(c => counts[r, c]))).ToArray();
        var columnTotals = Enumerable.Range(0, 3).Select(c => table.Add(Enumerable.Range(0, 2).Sum(r => counts[r, c]))).ToArray();
        for (var r = 0; r < 2; r++) table.Sums(rowTotals[r], Enumerable.Range(0, 3).Select(c => cell[r, c]));
        for (var c = 0; c < 3; c++) table.Sums(columnTotals[c], Enumerable.Range(0, 2).Select(r => cell[r, c]));

        var shown = table.Show();

        Assert.Equal(["<5", "x", "20"], Enumerable.Range(0, 3).Select(c => shown[cell[0, c]]));
        Assert.Equal(["x", "x", "30"], Enumerable.Range(0, 3).Select(c => shown[cell[1, c]]));
        Assert.Equal(["33", "53"], rowTotals.Select(t => shown[t]));
        Assert.Equal(["15", "21", "50"], columnTotals.Select(t => shown[t]));
    }

    [Fact]
    public void A_partner_reading_its_own_figures_sees_every_count()
    {
        var (total, cells) = SmallCells.ShowWithTotal([12, 3, 7], 22, suppress: false);

        Assert.Equal("22", total);
        Assert.Equal(["12", "3", "7"], cells);
    }
}
