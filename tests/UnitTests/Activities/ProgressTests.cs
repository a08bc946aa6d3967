using JusticePlatform.Activities.Frameworks;
using JusticePlatform.Activities.Programs;

namespace JusticePlatform.UnitTests.Activities;

public sealed class ProgressTests
{
    [Fact]
    public void An_ascending_indicator_reaches_actual_over_target() =>
        Assert.Equal(75.0m, Progress.PercentOfTarget(300, 400, 0, ascending: true));

    [Fact]
    public void A_descending_indicator_measures_the_way_from_baseline_down_to_target() =>
        // Baseline 120 days of pre-trial detention, target 60, now 90: half way.
        Assert.Equal(50.0m, Progress.PercentOfTarget(90, 60, 120, ascending: false));

    [Fact]
    public void A_descending_indicator_without_a_baseline_has_no_percentage() =>
        Assert.Null(Progress.PercentOfTarget(90, 60, null, ascending: false));

    [Fact]
    public void No_target_no_percentage() => Assert.Null(Progress.PercentOfTarget(10, null, null, ascending: true));

    [Fact]
    public void A_ratio_of_a_zero_denominator_is_unknown() => Assert.Null(Progress.Ratio(3, 0));

    [Fact]
    public void A_ratio_is_a_percentage() => Assert.Equal(25.0m, Progress.Ratio(10, 40));

    [Fact]
    public void The_locked_period_covering_a_day_is_found()
    {
        var open = new ReportingPeriod { Label = "2026-Q3", StartDate = new(2026, 7, 1), EndDate = new(2026, 9, 30) };
        var locked = new ReportingPeriod { Label = "2026-Q4", StartDate = new(2026, 10, 1), EndDate = new(2026, 12, 31), LockedAt = DateTimeOffset.UnixEpoch };

        Assert.Same(locked, PeriodLocks.LockedOn([open, locked], new DateOnly(2026, 12, 31)));
        Assert.Null(PeriodLocks.LockedOn([open, locked], new DateOnly(2026, 9, 30)));
        Assert.Null(PeriodLocks.LockedOn([open, locked], null));
    }

    [Fact]
    public void A_program_covers_communes_under_its_areas_at_any_level()
    {
        var program = new ActivityProgram { CommunePcodes = ["ML0602", "ML060501"] };

        Assert.True(program.Covers("ML060201"));
        Assert.True(program.Covers("ML060501"));
        Assert.False(program.Covers("ML060502"));
        Assert.False(program.Covers(null));
    }

    [Fact]
    public void A_program_request_names_each_bad_field()
    {
        var request = new ProgramRequest("", null, null, [new MemberRequest("Bad Id", "boss"), new MemberRequest("amss", "lead")],
            ["not iati"], ["151"], ["BF01"], new DateOnly(2026, 12, 31), new DateOnly(2026, 1, 1), "open");

        var errors = request.Validate("lead-ngo", new DateOnly(2026, 11, 25));

        Assert.Equal(
            ["code", "communePcodes[0]", "endDate", "funderIds[0]", "members[0].partnerId", "members[0].role", "members[1].role", "sectorCodes[0]", "status", "titleFr"],
            errors.Fields.Keys.Order(StringComparer.Ordinal));
    }
}
