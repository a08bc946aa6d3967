using JusticePlatform.BuildingBlocks.Messaging;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class BackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    public void The_wait_doubles_after_each_failure(int failures, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), MessagingOptions.Backoff(failures, Min, Max));

    [Theory]
    [InlineData(6)]
    [InlineData(40)]
    [InlineData(int.MaxValue)]
    public void The_wait_never_exceeds_the_maximum(int failures) =>
        Assert.Equal(Max, MessagingOptions.Backoff(failures, Min, Max));
}
