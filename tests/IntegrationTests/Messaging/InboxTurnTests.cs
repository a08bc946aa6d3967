using System.Collections.Concurrent;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.BuildingBlocks.Imports;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JusticePlatform.IntegrationTests.Messaging;

/// <summary>The inbox's group commit is shared fairly and keeps each message's own cancellation; its rows are forgotten after the retention window.</summary>
public sealed class InboxTurnTests(InboxTurnTests.Platform platform) : IClassFixture<InboxTurnTests.Platform>
{
    private const string Consumer = "InboxTurnTests";
    private readonly TestPlatform _platform = platform.Platform;
    private readonly ConcurrentDictionary<Guid, BeneficiariesDbContext> _committedWith = new();

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Activities = false, Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero)) };
    }

    [Fact]
    public async Task A_consumer_commits_at_most_its_turn_of_groups_and_a_waiting_consumer_commits_the_rest()
    {
        var inbox = NewInbox(groupSize: 1, groupsPerTurn: 2);
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var release = new TaskCompletionSource();
        var scopes = ids.Select(_ => _platform.Beneficiaries.Services.GetRequiredService<IServiceScopeFactory>().CreateSystemScope()).ToList();
        var dbs = scopes.Select(s => s.ServiceProvider.GetRequiredService<BeneficiariesDbContext>()).ToList();
        try
        {
            var leader = inbox.ApplyAsync(Entry(ids[0], release.Task), dbs[0], CancellationToken.None);
            await Eventually.TrueAsync(() => Task.FromResult(_committedWith.ContainsKey(ids[0])), TimeSpan.FromSeconds(10), "the first consumer to lead");
            var others = ids.Skip(1).Select((id, i) => inbox.ApplyAsync(Entry(id), dbs[i + 1], CancellationToken.None)).ToList();

            release.SetResult();
            var applied = await Task.WhenAll(others.Prepend(leader)).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.All(applied, Assert.True);
            Assert.Equal(2, ids.Count(id => ReferenceEquals(_committedWith[id], dbs[0])));
            Assert.Equal(5, await _platform.BeneficiariesDb(db => db.InboxMessages.CountAsync(m => ids.Contains(m.MessageId))));
        }
        finally
        {
            foreach (var scope in scopes) await scope.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_waiting_message_cancelled_is_not_applied_and_cancels_no_other()
    {
        var inbox = NewInbox(groupSize: 100, groupsPerTurn: 4);
        var (leading, cancelledId, waiting) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var release = new TaskCompletionSource();
        var scopes = Enumerable.Range(0, 3).Select(_ => _platform.Beneficiaries.Services.GetRequiredService<IServiceScopeFactory>().CreateSystemScope()).ToList();
        var dbs = scopes.Select(s => s.ServiceProvider.GetRequiredService<BeneficiariesDbContext>()).ToList();
        try
        {
            var leader = inbox.ApplyAsync(Entry(leading, release.Task), dbs[0], CancellationToken.None);
            await Eventually.TrueAsync(() => Task.FromResult(_committedWith.ContainsKey(leading)), TimeSpan.FromSeconds(10), "the first consumer to lead");
            using var cancellation = new CancellationTokenSource();
            var cancelled = inbox.ApplyAsync(Entry(cancelledId), dbs[1], cancellation.Token);
            var other = inbox.ApplyAsync(Entry(waiting), dbs[2], CancellationToken.None);

            await cancellation.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TimeSpan.FromSeconds(10)));
            release.SetResult();
            Assert.True(await leader.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.True(await other.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.False(_committedWith.ContainsKey(cancelledId));
            var inInbox = await _platform.BeneficiariesDb(db => db.InboxMessages.Where(m => m.Consumer == Consumer).Select(m => m.MessageId).ToListAsync());
            Assert.Contains(waiting, inInbox);
            Assert.DoesNotContain(cancelledId, inInbox);
        }
        finally
        {
            foreach (var scope in scopes) await scope.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_message_whose_commit_meets_another_instances_change_is_applied_again_on_it_and_counted()
    {
        var inbox = NewInbox(groupSize: 1, groupsPerTurn: 1);
        var job = new ImportJob { Id = Guid.NewGuid(), PartnerId = "amss", Kind = "conflict-test", Status = ImportStatus.Completed, LeaseToken = Guid.NewGuid() };
        await _platform.BeneficiariesDb(db =>
        {
            db.Imports.Add(job);
            return db.SaveChangesAsync();
        });
        using var counters = new MessagingCounters(_platform.Beneficiaries.Services);
        var runs = 0;
        // Twice, another instance takes the job's lease between the message's read and its commit.
        var entry = new InboxEntry<BeneficiariesDbContext>(Guid.NewGuid(), Consumer, readsByKeyOnly: true, async (db, cancellationToken) =>
        {
            var read = await db.Imports.SingleAsync(j => j.Id == job.Id, cancellationToken);
            read.ProcessedRows++;
            if (++runs <= 2)
            {
                await _platform.BeneficiariesDb(other => other.Imports.Where(j => j.Id == job.Id)
                    .ExecuteUpdateAsync(set => set.SetProperty(j => j.LeaseToken, Guid.NewGuid()), cancellationToken));
            }
        });
        await using var scope = _platform.Beneficiaries.Services.GetRequiredService<IServiceScopeFactory>().CreateSystemScope();

        var applied = await inbox.ApplyAsync(entry, scope.ServiceProvider.GetRequiredService<BeneficiariesDbContext>(), CancellationToken.None);

        Assert.True(applied);
        Assert.Equal(3, runs);
        Assert.Equal(2, counters.ConflictsReapplied);
        Assert.Equal(1, await _platform.BeneficiariesDb(db => db.Imports.Where(j => j.Id == job.Id).Select(j => j.ProcessedRows).SingleAsync()));
    }

    [Fact]
    public async Task Inbox_rows_older_than_the_retention_window_are_purged_and_recent_ones_stay()
    {
        var clock = (FakeTimeProvider)_platform.Clock;
        var retention = _platform.Beneficiaries.Services.GetRequiredService<IOptions<MessagingOptions>>().Value.InboxRetention;
        var (old, recent) = (Guid.NewGuid(), Guid.NewGuid());
        await _platform.BeneficiariesDb(db =>
        {
            db.InboxMessages.Add(new InboxMessage(old, Consumer, clock.GetUtcNow() - retention - TimeSpan.FromDays(1)));
            db.InboxMessages.Add(new InboxMessage(recent, Consumer, clock.GetUtcNow() - retention + TimeSpan.FromDays(1)));
            return db.SaveChangesAsync();
        });

        // The purge runs once an hour of the services' clock.
        clock.Advance(TimeSpan.FromHours(2));

        await Eventually.TrueAsync(() => _platform.BeneficiariesDb(db => db.InboxMessages.AllAsync(m => m.MessageId != old)), TimeSpan.FromSeconds(30), "the old inbox row purged");
        Assert.True(await _platform.BeneficiariesDb(db => db.InboxMessages.AnyAsync(m => m.MessageId == recent)));
    }

    private Inbox<BeneficiariesDbContext> NewInbox(int groupSize, int groupsPerTurn) => new(
        _platform.Beneficiaries.Services.GetRequiredService<MessagingMetrics>(),
        Options.Create(new MessagingOptions { InboxGroupSize = groupSize, InboxGroupsPerTurn = groupsPerTurn }),
        Microsoft.Extensions.Logging.Abstractions.NullLogger<Inbox<BeneficiariesDbContext>>.Instance);

    /// <summary>A message whose effect records which consumer's context committed it, and may hold its commit until <paramref name="holdUntil"/>.</summary>
    private InboxEntry<BeneficiariesDbContext> Entry(Guid id, Task? holdUntil = null) => new(id, Consumer, readsByKeyOnly: true, async (db, _) =>
    {
        _committedWith[id] = db;
        if (holdUntil is not null)
        {
            await holdUntil;
        }
    });
}
