using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Activities.FieldActivities;

namespace JusticePlatform.UnitTests.Activities;

/// <summary>An upload row reporting a completed activity meets the rules of the single complete and reach requests.</summary>
public sealed class ActivityOutcomeTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static readonly DateOnly October2 = new(2026, 10, 2);

    private static ActivityOutcome Completed(DateOnly? start = null, DateOnly? end = null, ReachCellRequest[]? reach = null) =>
        new("completed", start ?? October2, end ?? October2, new MoneyRequest(85_000m, "XOF", October2), reach ?? []);

    [Fact]
    public void A_completed_row_with_actual_dates_cost_and_reach_is_valid()
    {
        Assert.True(Completed(reach: [new ReachCellRequest("female", "18-59", false, "idp", 120)]).Validate(Today).IsValid);
    }

    [Fact]
    public void A_row_without_status_or_actuals_is_a_planned_activity()
    {
        var outcome = new ActivityOutcome(null, null, null, null, null);

        Assert.False(outcome.Completed);
        Assert.True(outcome.Validate(Today).IsValid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("planned")]
    public void Actuals_on_a_row_that_is_not_completed_name_the_status(string? status)
    {
        var errors = new ActivityOutcome(status, October2, October2, null, null).Validate(Today);

        Assert.Equal(["status"], errors.Fields.Keys);
    }

    [Theory]
    [InlineData("in_progress")]
    [InlineData("cancelled")]
    [InlineData("done")]
    public void Only_planned_or_completed_rows_are_uploaded(string status)
    {
        Assert.Contains("status", new ActivityOutcome(status, null, null, null, null).Validate(Today).Fields.Keys);
    }

    [Fact]
    public void A_completed_row_follows_the_completion_rules()
    {
        Assert.Contains("actualEnd", Completed(end: new DateOnly(2026, 12, 1)).Validate(Today).Fields.Keys);
        Assert.Contains("actualEnd", Completed(start: new DateOnly(2026, 10, 5), end: new DateOnly(2026, 10, 1)).Validate(Today).Fields.Keys);
        Assert.Contains("actualStart", new ActivityOutcome("completed", null, October2, null, null).Validate(Today).Fields.Keys);
        Assert.Contains("actualEnd", new ActivityOutcome("completed", October2, null, null, null).Validate(Today).Fields.Keys);
    }

    [Fact]
    public void Reach_cells_follow_the_reach_rules_and_are_named_as_in_the_upload()
    {
        var errors = Completed(reach:
        [
            new ReachCellRequest("femme", "18-59", false, "idp", 10),
            new ReachCellRequest("female", "18-59", false, "idp", -1),
        ]).Validate(Today);

        Assert.Equal(["aggregateReach[0].sex", "aggregateReach[1].count"], errors.Fields.Keys.Order());
    }
}
