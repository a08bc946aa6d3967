using JusticePlatform.Beneficiaries.Disaggregation;

namespace JusticePlatform.UnitTests.Beneficiaries;

public sealed class DisaggregationTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Theory]
    [InlineData("2026-01-01", "0-4")]
    [InlineData("2021-11-26", "0-4")]
    [InlineData("2021-11-25", "5-11")]
    [InlineData("2014-11-26", "5-11")]
    [InlineData("2014-11-25", "12-17")]
    [InlineData("2008-11-25", "18-59")]
    [InlineData("1966-11-26", "18-59")]
    [InlineData("1966-11-25", "60+")]
    [InlineData("2027-01-01", "unknown")]
    public void The_age_band_is_derived_from_the_birth_date_on_the_day_asked(string birthDate, string band) =>
        Assert.Equal(band, AgeBands.LabelOf(DateOnly.Parse(birthDate), Today));

    [Fact]
    public void A_child_becomes_an_adult_without_the_record_changing()
    {
        var born = new DateOnly(2009, 6, 1);

        Assert.Equal("12-17", AgeBands.LabelOf(born, Today));
        Assert.Equal("18-59", AgeBands.LabelOf(born, Today.AddYears(1)));
    }

    [Fact]
    public void The_birth_date_range_of_a_band_matches_the_band_of_each_date()
    {
        foreach (var band in AgeBands.Default)
        {
            var (after, onOrBefore) = band.BirthDates(Today);
            Assert.Equal(band.Label, AgeBands.LabelOf(onOrBefore, Today));
            if (after is { } bornAfter)
            {
                Assert.Equal(band.Label, AgeBands.LabelOf(bornAfter.AddDays(1), Today));
                Assert.NotEqual(band.Label, AgeBands.LabelOf(bornAfter, Today));
            }
        }
    }

    [Fact]
    public void An_estimated_age_keeps_moving_with_time() =>
        Assert.Equal("60+", AgeBands.LabelOf(AgeBands.BirthDateFromEstimate(59, Today.AddYears(-1)), Today));

    [Theory]
    [InlineData(null, null, null, null, null, null, false)]
    [InlineData(1, 2, 2, 2, 2, 2, false)]
    [InlineData(1, 1, 3, 1, 1, 1, true)]
    [InlineData(1, 1, 1, 1, 1, 4, true)]
    [InlineData(2, null, null, null, null, null, false)]
    public void A_disability_is_any_domain_with_a_lot_of_difficulty_or_cannot_do_at_all(
        int? seeing, int? hearing, int? walking, int? cognition, int? selfCare, int? communication, bool expected) =>
        Assert.Equal(expected, WashingtonGroup.HasDisability(new WashingtonGroupAnswers(seeing, hearing, walking, cognition, selfCare, communication)));
}
