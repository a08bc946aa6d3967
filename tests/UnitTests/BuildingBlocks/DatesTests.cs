using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class DatesTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Fact]
    public void A_date_before_1900_is_refused_naming_the_field_and_the_earliest_date()
    {
        var errors = new ValidationErrors().Past("consent.date", new DateOnly(1899, 12, 31), Today);

        Assert.Equal("must not be before 1900-01-01.", Assert.Single(errors.Fields["consent.date"]));
    }

    [Fact]
    public void A_date_that_has_happened_may_be_today_but_not_tomorrow()
    {
        Assert.True(new ValidationErrors().Past("date", Today, Today).IsValid);
        Assert.True(new ValidationErrors().Past("date", Dates.Earliest, Today).IsValid);
        Assert.Equal("must not be after 2026-11-25.", Assert.Single(new ValidationErrors().Past("date", Today.AddDays(1), Today).Fields["date"]));
    }

    [Fact]
    public void A_planned_date_may_lie_up_to_ten_years_ahead_and_no_further()
    {
        Assert.True(new ValidationErrors().Planned("plannedStart", new DateOnly(2036, 11, 25), Today).IsValid);
        Assert.Contains("plannedStart", new ValidationErrors().Planned("plannedStart", new DateOnly(2036, 11, 26), Today).Fields.Keys);
        Assert.Contains("plannedStart", new ValidationErrors().Planned("plannedStart", new DateOnly(206, 1, 1), Today).Fields.Keys);
    }

    [Fact]
    public void A_missing_date_is_left_to_the_fields_own_rule()
    {
        Assert.True(new ValidationErrors().Past("date", null, Today).IsValid);
        Assert.Null(Dates.Plausible(Today, Today));
    }
}
