using System.Collections.Concurrent;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.Contracts.Activities;
using JusticePlatform.Contracts.Funding;
using JusticePlatform.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Funding;

public sealed class ActivityExpenditureFixture : PlatformFixture
{
    protected override PlatformOptions Options => new() { Activities = false, Funding = true };
}

/// <summary>
/// Completed activities booked as expenditures, from messages published on the test's broker as
/// Activities publishes them: once, whatever the redeliveries; reversed on cancellation; an
/// overspent line announced through the outbox.
/// </summary>
public sealed class ActivityExpenditureTests(ActivityExpenditureFixture fixture) : IClassFixture<ActivityExpenditureFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private TestPlatform Platform => fixture.Platform;

    private IBus Bus => Platform.Beneficiaries.Services.GetRequiredService<IBus>();

    /// <summary>The program every grant of these tests funds, and every completed activity serves.</summary>
    private static readonly Guid Program = Guid.NewGuid();

    private async Task<(Guid Grant, Guid Line)> GrantWithLineAsync(string partner, decimal budget)
    {
        using var client = await Platform.FundingPartnerAsync(Platform.Funding!, partner);
        var grant = await client.CreateGrantAsync(Platform, partner, program: Program);
        return (grant, await client.CreateBudgetLineAsync(grant, budget));
    }

    private ActivityCompleted Completed(Guid activity, Guid line, decimal cost, string currency = "XOF", string partner = "amss") =>
        new(activity, Program, partner, [], line, "ML060201", new MoneyValue(cost, currency, new DateOnly(2026, 3, 1)), [], Platform.Clock.GetUtcNow(), 2);

    private Task<List<JusticePlatform.Funding.Transactions.GrantTransaction>> BookedAsync(Guid activity) =>
        Platform.FundingDb(db => db.Transactions.AsNoTracking().Where(t => t.ActivityId == activity).ToListAsync());

    [Fact]
    public async Task A_completed_activity_delivered_twice_is_booked_once()
    {
        var (_, line) = await GrantWithLineAsync("amss", 10_000_000m);
        var activity = Guid.NewGuid();
        var messageId = NewId.NextGuid();
        using var counters = new MessagingCounters(Platform.Funding!.Services);

        await Bus.Publish(Completed(activity, line, 250_000m), context => context.MessageId = messageId);
        await Bus.Publish(Completed(activity, line, 250_000m), context => context.MessageId = messageId);

        await Eventually.TrueAsync(() => Task.FromResult(counters.Applied + counters.Skipped >= 2), Wait, "both deliveries to be handled");
        var booked = Assert.Single(await BookedAsync(activity));
        Assert.Equal(("expenditure", 250_000m, "XOF", line), (booked.Type, booked.Amount, booked.Currency, booked.BudgetLineId!.Value));
        Assert.Equal(1, counters.Skipped);
    }

    [Fact]
    public async Task The_same_activity_published_again_as_a_new_message_is_not_booked_twice()
    {
        var (_, line) = await GrantWithLineAsync("amss", 10_000_000m);
        var activity = Guid.NewGuid();
        using var counters = new MessagingCounters(Platform.Funding!.Services);

        await Bus.Publish(Completed(activity, line, 100_000m));
        await Bus.Publish(Completed(activity, line, 100_000m));

        await Eventually.TrueAsync(() => Task.FromResult(counters.Applied >= 2), Wait, "both messages to be consumed");
        Assert.Single(await BookedAsync(activity));
    }

    [Fact]
    public async Task A_completed_activity_published_while_funding_is_stopped_is_booked_once_after_it_starts()
    {
        var (_, line) = await GrantWithLineAsync("amss", 10_000_000m);
        var activity = Guid.NewGuid();
        var messageId = NewId.NextGuid();

        await Platform.StopFundingAsync();
        try
        {
            await Bus.Publish(Completed(activity, line, 75_000m), context => context.MessageId = messageId);
            await Bus.Publish(Completed(activity, line, 75_000m), context => context.MessageId = messageId);
        }
        finally
        {
            await Platform.StartFundingAsync();
        }

        await Eventually.ReturnsAsync(() => BookedAsync(activity), booked => booked.Count == 1, Wait, "the expenditure after the restart");
        await Eventually.ReturnsAsync(() => Platform.Resources.Rabbit.MessageCountAsync("funding-activity-completed"), n => n == 0, Wait,
            "Funding's queue to be drained");
        Assert.Single(await BookedAsync(activity));
        Assert.Equal(1, await Platform.FundingDb(db => db.InboxMessages.CountAsync(m => m.MessageId == messageId)));
    }

    [Fact]
    public async Task A_cancellation_after_completion_reverses_the_expenditure()
    {
        var (_, line) = await GrantWithLineAsync("amss", 10_000_000m);
        var activity = Guid.NewGuid();
        await Bus.Publish(Completed(activity, line, 300_000m));
        await Eventually.ReturnsAsync(() => BookedAsync(activity), booked => booked.Count == 1, Wait, "the expenditure");

        await Bus.Publish(new ActivityCancelled(activity, Program, "amss", line, true, Platform.Clock.GetUtcNow(), 3));

        var booked = await Eventually.ReturnsAsync(() => BookedAsync(activity), b => b.Count == 2, Wait, "the reversal");
        Assert.Equal(0m, booked.Sum(t => t.Amount));
        Assert.True(booked.Single(t => t.ReversalOf is null).Reversed);
        Assert.Equal(booked.Single(t => t.ReversalOf is null).Id, booked.Single(t => t.ReversalOf is not null).ReversalOf);
    }

    [Fact]
    public async Task A_completion_that_arrives_after_its_cancellation_is_not_booked()
    {
        var (_, line) = await GrantWithLineAsync("amss", 10_000_000m);
        var activity = Guid.NewGuid();
        using var counters = new MessagingCounters(Platform.Funding!.Services);

        await Bus.Publish(new ActivityCancelled(activity, Program, "amss", line, true, Platform.Clock.GetUtcNow(), 3));
        await Eventually.TrueAsync(() => Task.FromResult(counters.Applied >= 1), Wait, "the cancellation to be consumed");
        await Bus.Publish(Completed(activity, line, 300_000m));

        await Eventually.TrueAsync(() => Task.FromResult(counters.Applied >= 2), Wait, "the completion to be consumed");
        Assert.Empty(await BookedAsync(activity));
    }

    [Fact]
    public async Task An_expenditure_that_takes_a_line_over_its_budget_publishes_budget_line_overspent_once()
    {
        var (grant, line) = await GrantWithLineAsync("amss", 1_000_000m);
        var received = new ConcurrentQueue<BudgetLineOverspent>();
        var handle = Bus.ConnectReceiveEndpoint($"funding-tests-overspent-{Guid.NewGuid():N}", endpoint =>
            endpoint.Handler<BudgetLineOverspent>(context =>
            {
                received.Enqueue(context.Message);
                return Task.CompletedTask;
            }));
        await handle.Ready;
        try
        {
            await Bus.Publish(Completed(Guid.NewGuid(), line, 800_000m));
            await Bus.Publish(Completed(Guid.NewGuid(), line, 500m, "EUR")); // 327,978.50 → 327,979 XOF: over
            await Eventually.TrueAsync(() => Task.FromResult(received.Any(e => e.BudgetLineId == line)), Wait, "BudgetLineOverspent");

            await Bus.Publish(Completed(Guid.NewGuid(), line, 10_000m)); // still over: no second event
            await Eventually.ReturnsAsync(() => Platform.FundingDb(db => db.Transactions.CountAsync(t => t.BudgetLineId == line)), n => n == 3, Wait, "the third expenditure");
            // The third expenditure committed with whatever events it raised: this line's overspent events
            // are all in the outbox now; once each is sent, a second one would have reached the handler too.
            var type = MessageUrn.ForTypeString(typeof(BudgetLineOverspent));
            var lineId = line.ToString();
            var rows = await Eventually.ReturnsAsync(
                async () => Describe(await Platform.FundingDb(db => db.OutboxMessages.AsNoTracking().Where(m => m.MessageType == type && m.Body.Contains(lineId)).ToListAsync())),
                found => found.Sent == found.Count, Wait, "this line's overspent events to be sent");
            Assert.Equal(1, rows.Count);
            await Eventually.TrueAsync(() => Task.FromResult(received.Count(e => e.BudgetLineId == line) == rows.Count), Wait, "each sent overspent event to arrive");

            var overspent = Assert.Single(received, e => e.BudgetLineId == line);
            Assert.Equal((grant, "XOF", 1_000_000m, 1_127_979m), (overspent.GrantId, overspent.Currency, overspent.Budget, overspent.Spent));
        }
        finally
        {
            await handle.StopAsync();
        }
    }

    [Fact]
    public async Task An_activity_of_another_partner_naming_a_line_of_a_grant_it_does_not_receive_is_not_booked()
    {
        var (_, line) = await GrantWithLineAsync("amss", 10_000_000m);
        var activity = Guid.NewGuid();
        using var counters = new MessagingCounters(Platform.Funding!.Services);

        await Bus.Publish(Completed(activity, line, 100_000m, partner: "stranger"));

        await Eventually.TrueAsync(() => Task.FromResult(counters.Applied >= 1), Wait, "the message to be consumed");
        Assert.Empty(await BookedAsync(activity));
    }

    /// <summary>Outbox rows as a failed wait should print them: how many, how many sent, and what holds the others.</summary>
    private static (int Count, int Sent, string Unsent) Describe(List<OutboxMessage> rows) => (rows.Count, rows.Count(m => m.SentAt != null),
        string.Join("; ", rows.Where(m => m.SentAt == null).Select(m => $"{m.Id}: attempts {m.Attempts}, locked until {m.LockedUntil:O}, dead {m.DeadAt:O}, {m.LastError}")));
}
