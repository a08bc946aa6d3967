using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.Activities.Frameworks;
using JusticePlatform.Activities.Reach;
using JusticePlatform.Activities.Reports;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Places;

namespace JusticePlatform.UnitTests.Activities;

public sealed class RollUpTests
{
    private static CountCell Cell(string commune, string sex, long count, string disability = "no") => new(commune, sex, "18-59", disability, "idp", count);

    [Fact]
    public void A_roll_up_by_sex_gathers_every_category_and_place_of_a_sex_into_one_cell()
    {
        var cells = new[] { Cell("", "female", 7), Cell("", "female", 5, "unknown"), Cell("", "male", 6) };

        var rolledUp = RollUps.Sum(cells, ["sex"]);

        Assert.Equal([new RollUpCount(["female"], 12), new RollUpCount(["male"], 6)], rolledUp, new RollUpCountComparer());
    }

    [Fact]
    public void A_roll_up_by_region_takes_the_region_from_the_first_four_characters_of_the_communes_pcode()
    {
        var cells = new[] { Cell("ML060201", "female", 7), Cell("ML060501", "female", 5), Cell("ML070101", "male", 6) };

        var rolledUp = RollUps.Sum(cells, ["region", "sex"]);

        Assert.Equal([new RollUpCount(["ML06", "female"], 12), new RollUpCount(["ML07", "male"], 6)], rolledUp, new RollUpCountComparer());
    }

    [Fact]
    public void A_roll_up_by_nothing_is_one_cell_for_the_whole_program()
    {
        var rolledUp = RollUps.Sum([Cell("ML060201", "female", 7), Cell("ML060501", "male", 5)], []);

        Assert.Equal(12, Assert.Single(rolledUp).Count);
    }

    [Fact]
    public void A_roll_up_shows_1_to_4_as_under_5_and_withholds_the_smallest_other_cell_that_the_total_would_give_it_back_with()
    {
        var figures = new RollUpFigures(["sex"], 33, [new RollUpCount(["female"], 3), new RollUpCount(["male"], 10), new RollUpCount(["other"], 20)]);

        var shown = RollUps.Show(figures, suppress: true);

        Assert.Equal("33", shown.Total);
        Assert.Equal(["<5", "x", "20"], shown.Cells.Select(c => c.Count));
        Assert.Equal("female", shown.Cells[0].Values["sex"]);
    }

    [Fact]
    public void A_roll_up_with_nobody_reached_reads_a_true_zero()
    {
        var shown = RollUps.Show(new RollUpFigures([], 0, []), suppress: true);

        Assert.Equal("0", shown.Total);
    }

    [Fact]
    public void A_partners_own_roll_up_is_exact()
    {
        var figures = new RollUpFigures(["sex"], 13, [new RollUpCount(["female"], 3), new RollUpCount(["male"], 10)]);

        var shown = RollUps.Show(figures, suppress: false);

        Assert.Equal("13", shown.Total);
        Assert.Equal(["3", "10"], shown.Cells.Select(c => c.Count));
    }

    [Theory]
    [InlineData("commune,sex")]
    [InlineData("region")]
    [InlineData("age_band,disability,displacement")]
    [InlineData("")]
    public void Any_subset_of_the_dimensions_is_a_roll_up(string by)
    {
        var errors = new ValidationErrors();

        RollUps.Parse(by, errors);

        Assert.True(errors.IsValid);
    }

    [Theory]
    [InlineData("commune,partner")]
    [InlineData("sex,sex")]
    public void An_unknown_or_repeated_dimension_is_refused_naming_by(string by)
    {
        var errors = new ValidationErrors();

        RollUps.Parse(by, errors);

        Assert.Equal(["by"], errors.Fields.Keys);
    }

    [Fact]
    public void The_finest_place_asked_for_is_the_level_people_are_counted_at()
    {
        Assert.Equal(
            (PlaceLevel.Commune, PlaceLevel.Region, PlaceLevel.Country),
            (RollUps.LevelOf(["region", "commune"]), RollUps.LevelOf(["sex", "region"]), RollUps.LevelOf(["sex"])));
    }

    [Fact]
    public void Aggregate_reach_takes_unknown_disability_and_a_missing_displacement_status_as_unknown()
    {
        var request = new ReachRequest([new ReachCellRequest("female", "18-59", null, null, 40, "unknown")]);

        Assert.True(request.Validate().IsValid);
        var row = Assert.Single(ActivityRules.ReachOf(Guid.NewGuid(), request.Cells!));
        Assert.Equal(("unknown", "unknown"), (row.Disability, row.DisplacementStatus));
    }

    [Fact]
    public void Aggregate_reach_without_disability_or_hasDisability_keeps_meaning_no_disability()
    {
        var row = Assert.Single(ActivityRules.ReachOf(Guid.NewGuid(), [new ReachCellRequest("female", "18-59", null, "idp", 40)]));

        Assert.Equal("no", row.Disability);
    }

    [Fact]
    public void A_disability_that_contradicts_hasDisability_is_refused_naming_the_cells_disability()
    {
        var errors = new ReachRequest([new ReachCellRequest("female", "18-59", true, "idp", 40, "no")]).Validate();

        Assert.Equal(["cells[0].disability"], errors.Fields.Keys);
    }

    [Fact]
    public void A_counted_indicators_life_of_program_target_is_the_sum_of_the_targets_so_far()
    {
        Assert.Equal(300m, Progress.CumulativeTarget([100m, 200m], 200m, Measures.Unit, ascending: true));
    }

    [Fact]
    public void A_percentage_or_a_descending_indicators_life_of_program_target_is_the_periods_own()
    {
        Assert.Equal(
            (60m, (decimal?)20m),
            (Progress.CumulativeTarget([50m, 60m], 60m, Measures.Percentage, ascending: true), Progress.CumulativeTarget([30m, 20m], 20m, Measures.Unit, ascending: false)));
    }

    private sealed class RollUpCountComparer : IEqualityComparer<RollUpCount>
    {
        public bool Equals(RollUpCount? x, RollUpCount? y) => x is not null && y is not null && x.Count == y.Count && x.Values.SequenceEqual(y.Values);

        public int GetHashCode(RollUpCount obj) => obj.Count.GetHashCode();
    }
}
