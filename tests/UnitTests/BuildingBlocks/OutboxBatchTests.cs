using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.Contracts.Beneficiaries;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class OutboxBatchTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Claim = Guid.NewGuid();

    private static OutboxMessage Claimed()
    {
        var row = OutboxMessage.Create(
            new BeneficiaryRegistered(Guid.NewGuid(), "amss", "individual", "female", 1990, false, "idp", "ML060201", Now, Version: 1), Now, activity: null);
        row.LockedBy = Claim;
        row.LockedUntil = Now.AddMinutes(1);
        return row;
    }

    private static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(attempts);

    [Fact]
    public void Only_the_rows_whose_publish_the_broker_confirmed_are_marked_sent()
    {
        var (confirmed, failed, timedOut) = (Claimed(), Claimed(), Claimed());
        var publishes = new List<(OutboxMessage, Task)>
        {
            (confirmed, Task.CompletedTask),
            (failed, Task.FromException(new InvalidOperationException("connection reset"))),
            (timedOut, Task.FromCanceled(new CancellationToken(canceled: true))),
        };

        var settled = OutboxBatch.Settle([confirmed, failed, timedOut], publishes, Now, Backoff);

        Assert.Equal(Now, confirmed.SentAt);
        Assert.Null(failed.SentAt);
        Assert.Null(timedOut.SentAt);
        Assert.Equal(1, settled.Sent);
        Assert.Equal([failed, timedOut], settled.Failures.Select(f => f.Row));
    }

    [Fact]
    public void A_row_whose_publish_failed_is_retried_after_its_back_off_by_any_dispatcher()
    {
        var failed = Claimed();

        OutboxBatch.Settle([failed], [(failed, Task.FromException(new TimeoutException("no confirm")))], Now, Backoff);

        Assert.Equal((1, (Guid?)null, Now.AddSeconds(1)), (failed.Attempts, failed.LockedBy, failed.LockedUntil));
        Assert.Equal("no confirm", failed.LastError);
    }

    [Fact]
    public void A_claimed_row_that_was_never_published_is_released_unsent_and_uncounted()
    {
        var (published, notStarted) = (Claimed(), Claimed());

        var settled = OutboxBatch.Settle([published, notStarted], [(published, Task.CompletedTask)], Now, Backoff);

        Assert.Null(notStarted.SentAt);
        Assert.Equal((0, (Guid?)null, (DateTimeOffset?)null), (notStarted.Attempts, notStarted.LockedBy, notStarted.LockedUntil));
        Assert.Equal(1, settled.Sent);
    }

    [Fact]
    public void A_publish_still_pending_when_the_batch_is_settled_is_not_marked_sent()
    {
        var pending = Claimed();

        var settled = OutboxBatch.Settle([pending], [(pending, new TaskCompletionSource().Task)], Now, Backoff);

        Assert.Null(pending.SentAt);
        Assert.Equal(0, settled.Sent);
        Assert.Single(settled.Failures);
    }

    [Fact]
    public void A_row_whose_reading_throws_any_exception_is_unreadable_and_the_rows_after_it_are_read()
    {
        var (first, throwing, last) = (Claimed(), Claimed(), Claimed());

        var read = OutboxBatch.ReadAll([first, throwing, last],
            row => row == throwing ? throw new ArgumentException("a converter refused the body") : (typeof(BeneficiaryRegistered), new object()));

        Assert.Equal([first, last], read.Readable.Select(r => r.Row));
        var (row, error) = Assert.Single(read.Unreadable);
        Assert.Equal(throwing, row);
        Assert.Contains("a converter refused the body", error);
    }

    [Fact]
    public void Failed_publishes_never_park_a_row_and_only_repeated_failed_reads_do()
    {
        var row = Claimed();
        for (var i = 0; i < 50; i++)
        {
            row.MarkFailed("connection reset", Now);
        }

        Assert.False(row.MarkUnreadable("unknown type", Now, maxReadFailures: 3, Now));
        Assert.False(row.MarkUnreadable("unknown type", Now, maxReadFailures: 3, Now));
        Assert.True(row.MarkUnreadable("unknown type", Now, maxReadFailures: 3, Now));
        Assert.Equal((50, 3, Now), (row.Attempts, row.ReadFailures, row.DeadAt));
    }
}
