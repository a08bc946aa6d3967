using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.Activities.Reach;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Reporting;

namespace JusticePlatform.UnitTests.Activities;

public sealed class ReachTests
{
    private static readonly DateOnly Day = new(2026, 11, 25);

    [Theory]
    [InlineData(2026, "0-4")]
    [InlineData(2022, "0-4")]
    [InlineData(2021, "5-11")]
    [InlineData(2015, "5-11")]
    [InlineData(2014, "12-17")]
    [InlineData(2008, "18-59")]
    [InlineData(1967, "18-59")]
    [InlineData(1966, "60+")]
    [InlineData(2027, "unknown")]
    [InlineData(null, "unknown")]
    public void The_age_band_comes_from_the_birth_year_on_the_date_asked(int? birthYear, string band) =>
        Assert.Equal(band, AgeBandAt.LabelOf(birthYear, Day));

    [Fact]
    public void A_birth_year_stands_for_the_first_of_july()
    {
        Assert.Equal("12-17", AgeBandAt.LabelOf(2008, new DateOnly(2026, 6, 30)));
        Assert.Equal("18-59", AgeBandAt.LabelOf(2008, new DateOnly(2026, 7, 1)));
    }

    [Fact]
    public void The_birth_year_cut_offs_agree_with_the_bands_on_any_day()
    {
        foreach (var day in new[] { new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30), new DateOnly(2026, 7, 1), new DateOnly(2026, 12, 31) })
        {
            var latest = AgeBandAt.LatestBirthYears(day);
            for (var band = 0; band < latest.Length; band++)
            {
                Assert.Equal(AgeBandAt.Default[band].Label, AgeBandAt.LabelOf(latest[band], day));
                if (band + 1 < latest.Length)
                {
                    Assert.NotEqual(AgeBandAt.Default[band].Label, AgeBandAt.LabelOf(latest[band + 1], day));
                }
            }
        }
    }

    [Fact]
    public void The_birth_years_of_a_band_are_exactly_the_years_labelled_with_it()
    {
        foreach (var day in new[] { new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30), new DateOnly(2026, 7, 1), new DateOnly(2026, 12, 31) })
        {
            foreach (var label in AgeBandAt.Labels)
            {
                var (after, atMost) = AgeBandAt.BirthYears(label, day);
                for (var year = 1900; year <= 2030; year++)
                {
                    var inBand = label == AgeBandAt.Unknown ? year > after : (after is null || year > after) && year <= atMost;
                    Assert.Equal(AgeBandAt.LabelOf(year, day) == label, inBand);
                }
            }
        }
    }

    [Theory]
    [InlineData(0, true, "0")]
    [InlineData(1, true, "<5")]
    [InlineData(4, true, "<5")]
    [InlineData(5, true, "5")]
    [InlineData(1200, true, "1200")]
    [InlineData(3, false, "3")]
    public void Counts_of_one_to_four_are_shown_as_under_five_when_they_leave_the_owner_and_a_zero_as_zero(long count, bool suppress, string shown) =>
        Assert.Equal(shown, SmallCells.Show(count, suppress));

    [Fact]
    public void A_person_trained_twice_is_one_person()
    {
        var awa = Guid.NewGuid();
        var attendance = new[] { Woman(awa, 1990), Woman(awa, 1990), Woman(Guid.NewGuid(), 1992) };

        var reach = UniqueReach.Count(attendance, new Dictionary<Guid, Attendee>(), Day);

        Assert.Equal(2, reach[new ReachCell("female", "18-59", "no", "idp")]);
    }

    [Fact]
    public void A_merged_record_counts_once_as_its_survivor_with_the_survivors_categories()
    {
        var survivor = Woman(Guid.NewGuid(), 1990);
        var retired = Woman(Guid.NewGuid(), 2010) with { MergedIntoId = survivor.BeneficiaryId };

        var reach = UniqueReach.Count([survivor, retired], new Dictionary<Guid, Attendee> { [survivor.BeneficiaryId] = survivor }, Day);

        Assert.Equal(1, Assert.Single(reach).Value);
        Assert.Equal("18-59", reach.Single().Key.AgeBand);
    }

    [Fact]
    public void Named_and_aggregate_reach_add_up_cell_by_cell()
    {
        var cell = new ReachCell("female", "18-59", "no", "idp");
        var named = UniqueReach.Count([Woman(Guid.NewGuid(), 1990)], new Dictionary<Guid, Attendee>(), Day);

        var total = UniqueReach.Add(named, [(cell, 40), (new ReachCell("male", "60+", "yes", "host"), 7)]);

        Assert.Equal(41, total[cell]);
        Assert.Equal(2, total.Count);
    }

    [Fact]
    public void Money_names_each_bad_part()
    {
        var errors = new ValidationErrors();
        new MoneyRequest(-1m, "FCFA", null).Validate("actualCost", errors, new DateOnly(2026, 11, 25));

        Assert.Equal(["actualCost.amount", "actualCost.currency", "actualCost.valueDate"], errors.Fields.Keys.Order());
    }

    [Fact]
    public void Money_keeps_the_exact_decimal_amount()
    {
        var errors = new ValidationErrors();
        var request = new MoneyRequest(1_234_567.89m, "XOF", new DateOnly(2026, 11, 1));
        request.Validate("plannedCost", errors, new DateOnly(2036, 11, 25));

        Assert.True(errors.IsValid);
        Assert.Equal(1_234_567.89m, request.ToMoney().Amount);
    }

    private static Attendee Woman(Guid id, int birthYear) => new(id, null, "female", birthYear, false, "idp");
}
