using JusticePlatform.BuildingBlocks.Projections;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class ProjectedRowTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private sealed class Row : IProjectedRow
    {
        public long? SourceVersion { get; set; }
        public DateTimeOffset? ChangedAt { get; set; }
    }

    [Fact]
    public void A_newer_version_is_applied()
    {
        var row = new Row { SourceVersion = 1, ChangedAt = Monday };

        Assert.True(row.TryAdvance(2, Monday.AddHours(1)));
        Assert.Equal(2, row.SourceVersion);
    }

    [Fact]
    public void An_older_version_is_ignored_even_when_its_clock_says_later()
    {
        var row = new Row { SourceVersion = 3, ChangedAt = Monday };

        Assert.False(row.TryAdvance(2, Monday.AddHours(1)));
        Assert.Equal((3L, Monday), (row.SourceVersion!.Value, row.ChangedAt!.Value));
    }

    [Fact]
    public void The_same_version_twice_is_applied_once()
    {
        var row = new Row();

        Assert.True(row.TryAdvance(2, Monday));
        Assert.False(row.TryAdvance(2, Monday));
    }

    [Fact]
    public void Events_without_a_version_fall_back_to_the_later_change()
    {
        var row = new Row { ChangedAt = Monday };

        Assert.False(row.TryAdvance(null, Monday.AddHours(-1)));
        Assert.True(row.TryAdvance(null, Monday.AddHours(1)));
    }

    [Fact]
    public void A_new_row_takes_the_first_event_whatever_its_version()
    {
        var row = new Row();

        Assert.True(row.TryAdvance(3, Monday));
        Assert.Equal(3, row.SourceVersion);
    }
}
