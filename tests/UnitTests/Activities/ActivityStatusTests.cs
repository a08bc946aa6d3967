using JusticePlatform.Activities.FieldActivities;

namespace JusticePlatform.UnitTests.Activities;

public sealed class ActivityStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("planned", "in_progress")]
    [InlineData("planned", "completed")]
    [InlineData("in_progress", "completed")]
    [InlineData("planned", "cancelled")]
    [InlineData("in_progress", "cancelled")]
    [InlineData("completed", "cancelled")]
    public void The_workflow_allows_these_moves(string from, string to) => Assert.True(ActivityStatus.CanMove(from, to));

    [Theory]
    [InlineData("in_progress", "planned")]
    [InlineData("completed", "in_progress")]
    [InlineData("completed", "planned")]
    [InlineData("completed", "completed")]
    [InlineData("cancelled", "planned")]
    [InlineData("cancelled", "in_progress")]
    [InlineData("cancelled", "completed")]
    [InlineData("cancelled", "cancelled")]
    [InlineData("planned", "planned")]
    [InlineData("planned", "done")]
    public void The_workflow_refuses_these_moves(string from, string to) => Assert.False(ActivityStatus.CanMove(from, to));

    [Fact]
    public void Nothing_follows_cancelled() => Assert.Empty(ActivityStatus.NextOf(ActivityStatus.Cancelled));

    [Fact]
    public void A_refused_move_changes_nothing()
    {
        var activity = new FieldActivity { Status = ActivityStatus.Cancelled, Version = 3 };

        Assert.False(activity.TryMove(ActivityStatus.Completed, Now));
        Assert.Equal(ActivityStatus.Cancelled, activity.Status);
        Assert.Equal(3, activity.Version);
        Assert.Null(activity.CompletedAt);
    }

    [Fact]
    public void Completing_records_when_and_bumps_the_version()
    {
        var activity = new FieldActivity { Status = ActivityStatus.InProgress, Version = 2 };

        Assert.True(activity.TryMove(ActivityStatus.Completed, Now));
        Assert.Equal(Now, activity.CompletedAt);
        Assert.Equal(3, activity.Version);
    }

    [Fact]
    public void Only_a_completed_activity_counts_in_a_period_by_its_actual_end()
    {
        var from = new DateOnly(2026, 10, 1);
        var to = new DateOnly(2026, 12, 31);
        var completed = new FieldActivity { Status = ActivityStatus.Completed, ActualEnd = new DateOnly(2026, 11, 3) };
        var running = new FieldActivity { Status = ActivityStatus.InProgress, ActualStart = new DateOnly(2026, 11, 3) };
        var earlier = new FieldActivity { Status = ActivityStatus.Completed, ActualEnd = new DateOnly(2026, 9, 30) };

        Assert.True(completed.CountsIn(from, to));
        Assert.False(running.CountsIn(from, to));
        Assert.False(earlier.CountsIn(from, to));
    }
}
