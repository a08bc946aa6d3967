using JusticePlatform.Contracts.Activities;
using JusticePlatform.Funding.Data;
using JusticePlatform.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Funding;

public sealed class BookingConvergenceFixture : PlatformFixture
{
    protected override PlatformOptions Options => new() { Activities = false, Funding = true };
}

/// <summary>
/// Two Funding instances on one database and broker, consuming the same queues at once: the
/// completion and the cancellation of one activity, in whichever order and on whichever
/// instance, end in the same booking.
/// </summary>
public sealed class BookingConvergenceTests(BookingConvergenceFixture fixture) : IClassFixture<BookingConvergenceFixture>
{
    private TestPlatform Platform => fixture.Platform;

    [Fact]
    public async Task Completions_and_cancellations_handled_by_two_instances_in_any_order_leave_each_activity_booked_as_it_should()
    {
        await using var second = await Platform.StartAnotherFundingAsync();
        using var amss = await Platform.FundingPartnerAsync(Platform.Funding!, "amss");
        var program = Guid.NewGuid();
        var grant = await amss.CreateGrantAsync(Platform, "amss", program: program);
        var line = await amss.CreateBudgetLineAsync(grant, 80_000_000m);
        var bus = Platform.Beneficiaries.Services.GetRequiredService<IBus>();

        // Every third activity only completes; the others are cancelled too, the cancellation published before, with or after the completion.
        var activities = Enumerable.Range(0, 60).Select(i => (Id: Guid.NewGuid(), Cost: 10_000m + i, Cancelled: i % 3 != 0, CancelFirst: i % 2 == 0)).ToList();
        var now = Platform.Clock.GetUtcNow();
        await Task.WhenAll(activities.Select(async a =>
        {
            var completed = new ActivityCompleted(a.Id, program, "amss", [], line, "ML060201", new MoneyValue(a.Cost, "XOF", new DateOnly(2026, 3, 1)), [], now, 2);
            var cancelled = new ActivityCancelled(a.Id, program, "amss", line, true, now, 3);
            if (!a.Cancelled)
            {
                await bus.Publish(completed);
            }
            else if (a.CancelFirst)
            {
                await Task.WhenAll(bus.Publish(cancelled), bus.Publish(completed));
            }
            else
            {
                await Task.WhenAll(bus.Publish(completed), bus.Publish(cancelled));
            }
        }));

        var ids = activities.Select(a => a.Id).ToList();
        await Eventually.TrueAsync(async () =>
                await Platform.FundingDb(db => db.ActivityCosts.CountAsync(c => ids.Contains(c.ActivityId) && c.CompletedAt != null)) == ids.Count
                && await Platform.FundingDb(db => db.ActivityCosts.CountAsync(c => ids.Contains(c.ActivityId) && c.CancelledAt != null)) == activities.Count(a => a.Cancelled),
            TimeSpan.FromSeconds(90), "every completion and cancellation to be applied");

        var transactions = await Platform.FundingDb(db => db.Transactions.AsNoTracking().Where(t => t.ActivityId != null && ids.Contains(t.ActivityId.Value)).ToListAsync());
        var byActivity = transactions.ToLookup(t => t.ActivityId!.Value);
        foreach (var a in activities)
        {
            var booked = byActivity[a.Id].ToList();
            if (a.Cancelled)
            {
                Assert.True(booked.Count is 0 or 2, $"activity {a.Id}: {booked.Count} transactions");
                Assert.Equal(0m, booked.Sum(t => t.Amount));
            }
            else
            {
                var only = Assert.Single(booked);
                Assert.Equal((a.Cost, false), (only.Amount, only.Reversed));
            }
        }

        Assert.Equal(0, await Platform.FundingDb(db => db.UnbookedExpenditures.CountAsync(u => ids.Contains(u.ActivityId))));
        var line0 = await Platform.FundingDb(db => db.BudgetLines.AsNoTracking().SingleAsync(l => l.Id == line));
        Assert.Equal(activities.Where(a => !a.Cancelled).Sum(a => a.Cost), transactions.Sum(t => t.Amount));
        Assert.True(line0.Bookings > 0);
    }
}
