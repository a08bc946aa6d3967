using JusticePlatform.BuildingBlocks.Audit;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class AuditEntryTests
{
    [Theory]
    [InlineData(201, "succeeded")]
    [InlineData(400, "rejected")]
    [InlineData(403, "denied")]
    [InlineData(404, "not_found")]
    [InlineData(412, "conflict")]
    [InlineData(500, "failed")]
    public void The_outcome_follows_the_status_of_the_answer(int status, string outcome)
    {
        var entry = AuditEntry.Begin("amss", "amss-1", "beneficiary", null, "create", "c-1", DateTimeOffset.UtcNow);

        entry.Complete(status);

        Assert.Equal(outcome, entry.Outcome);
    }

    [Fact]
    public void An_entry_is_assumed_successful_until_told_otherwise_so_it_can_commit_with_the_change() =>
        Assert.Equal("succeeded", AuditEntry.Begin("amss", "amss-1", "beneficiary", null, "create", null, DateTimeOffset.UtcNow).Outcome);
}
