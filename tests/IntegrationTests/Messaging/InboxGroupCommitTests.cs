using System.Data.Common;
using JusticePlatform.Contracts.Beneficiaries;
using JusticePlatform.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Messaging;

/// <summary>Messages that arrive together share an inbox commit; a failing one still fails alone.</summary>
public sealed class InboxGroupCommitTests : IAsyncLifetime
{
    private const string PoisonCommune = "ML060503";
    private const string ErrorQueue = "activities-beneficiary-registered_error";
    private readonly RejectingDatabase _rejecting = new(PoisonCommune);
    private readonly CountingCommits _commits = new();
    private TestPlatform _platform = null!;
    private IBus _bus = null!;

    public async Task InitializeAsync()
    {
        _platform = await TestPlatform.StartAsync(
            nameof(InboxGroupCommitTests),
            new PlatformOptions
            {
                ActivitiesServices = services =>
                {
                    services.AddSingleton<IInterceptor>(_rejecting);
                    services.AddSingleton<IInterceptor>(_commits);
                },
            });
        _bus = _platform.Beneficiaries.Services.GetRequiredService<IBus>();

        // Activities is up and bound before the bursts below.
        var first = await (await _platform.BeneficiariesClientAsync()).RegisterAsync();
        await Eventually.TrueAsync(() => _platform.ActivitiesDb(db => db.KnownBeneficiaries.AnyAsync(b => b.Id == first)), TimeSpan.FromSeconds(30), "the first registration");
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task Messages_arriving_together_are_each_applied_once_in_fewer_commits_and_later_ones_see_earlier_ones()
    {
        using var consumed = new MessagingCounters(_platform.Activities!.Services);
        var ids = Enumerable.Range(0, 150).Select(_ => Guid.NewGuid()).ToList();
        var commitsBefore = _commits.Count;

        // Each person's registration and then its update (a later version, another commune), all sent at once.
        await Task.WhenAll(ids.Select(async id =>
        {
            await _bus.Publish(Registered(id, "ML060501", version: 1));
            await _bus.Publish(new BeneficiaryUpdated(id, "partner-a", "individual", "female", 1990, true, "idp", "ML060201", _platform.Clock.GetUtcNow(), 2));
        }));

        await Eventually.ReturnsAsync(() => Task.FromResult(consumed.Applied), n => n >= 300, TimeSpan.FromSeconds(60), "every message applied");
        var rows = await _platform.ActivitiesDb(db => db.KnownBeneficiaries.AsNoTracking().Where(b => ids.Contains(b.Id)).ToListAsync());
        Assert.Equal(150, rows.Count);
        Assert.All(rows, row => Assert.Equal(("ML060201", 2L), (row.CommunePcode!, row.SourceVersion!.Value)));
        Assert.Equal(300, consumed.Applied);
        Assert.Equal(0, consumed.Skipped);
        Assert.True(_commits.Count - commitsBefore < 300, $"{_commits.Count - commitsBefore} commits for 300 messages");
    }

    [Fact]
    public async Task A_failing_message_among_messages_arriving_together_fails_alone_and_the_others_are_applied()
    {
        var healthy = Enumerable.Range(0, 60).Select(_ => Guid.NewGuid()).ToList();
        var poisoned = Guid.NewGuid();
        var poisonMessageId = NewId.NextGuid();

        await Task.WhenAll(healthy.Take(30).Select(id => _bus.Publish(Registered(id, "ML060501", 1)))
            .Append(_bus.Publish(Registered(poisoned, PoisonCommune, 1), context => context.MessageId = poisonMessageId))
            .Concat(healthy.Skip(30).Select(id => _bus.Publish(Registered(id, "ML060501", 1)))));

        await Eventually.ReturnsAsync(() => _platform.Resources.Rabbit.MessageCountAsync(ErrorQueue), n => n >= 1, TimeSpan.FromSeconds(60), "the message in the error queue");
        await Eventually.ReturnsAsync(
            () => _platform.ActivitiesDb(db => db.KnownBeneficiaries.CountAsync(b => healthy.Contains(b.Id))), n => n == 60, TimeSpan.FromSeconds(60), "the healthy messages");
        Assert.Equal([poisonMessageId.ToString()], await _platform.Resources.Rabbit.PeekMessageIdsAsync(ErrorQueue, 100));
        Assert.False(await _platform.ActivitiesDb(db => db.KnownBeneficiaries.AnyAsync(b => b.Id == poisoned)));
        Assert.False(await _platform.ActivitiesDb(db => db.InboxMessages.AnyAsync(m => m.MessageId == poisonMessageId)));
    }

    private BeneficiaryRegistered Registered(Guid id, string commune, long version) =>
        new(id, "partner-a", "individual", "female", 1990, false, "resident", commune, _platform.Clock.GetUtcNow(), version);

    /// <summary>Counts the transactions Activities commits, explicit or the one SaveChanges opens itself.</summary>
    private sealed class CountingCommits : DbTransactionInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return Task.CompletedTask;
        }
    }
}
