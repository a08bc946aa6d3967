using JusticePlatform.Contracts.Beneficiaries;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Messaging;

/// <summary>
/// The dispatcher publishes a batch with its confirms outstanding. A broker cut in the middle
/// must leave every publish it did not confirm unsent: a row marked sent is one the broker took.
/// </summary>
public sealed class PartlyConfirmedBatchTests : IAsyncLifetime
{
    private const int Events = 3000;
    private TcpProxy _broker = null!;
    private TestPlatform _platform = null!;

    public async Task InitializeAsync()
    {
        var infrastructure = await TestInfrastructure.GetAsync();
        // Beneficiaries publishes through a proxy this test can cut; Activities consumes directly.
        _broker = TcpProxy.Start(infrastructure.Amqp.Host, infrastructure.Amqp.Port);
        _platform = await TestPlatform.StartAsync(nameof(PartlyConfirmedBatchTests), new PlatformOptions
        {
            BeneficiariesMessaging = resources => new UriBuilder(resources.RabbitConnectionString) { Port = _broker.Port }.Uri.ToString(),
        });
    }

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task Rows_marked_sent_when_the_broker_is_cut_mid_batch_all_reach_the_consumer_and_the_rest_follow_once()
    {
        using var published = new MessagingCounters(_platform.Beneficiaries.Services);
        using var consumed = new MessagingCounters(_platform.Activities!.Services);
        await _platform.BeneficiariesDb(db =>
        {
            for (var i = 0; i < Events; i++)
            {
                db.AddIntegrationEvent(new BeneficiaryRegistered(Guid.NewGuid(), "amss", "individual", "female", 1990, false, "idp", "ML060201", _platform.Clock.GetUtcNow(), 1));
            }

            return db.SaveChangesAsync();
        });

        // Cut as soon as the first confirms came back, while the dispatcher is in the middle of the backlog.
        await Eventually.TrueAsync(() => Task.FromResult(published.Dispatched > 0), TimeSpan.FromSeconds(60), "the first confirms", poll: TimeSpan.FromMilliseconds(1));

        _broker.Cut();
        await Eventually.TrueAsync(() => Task.FromResult(published.DispatchFailures > 0), TimeSpan.FromSeconds(60), "publishes cut off before their confirm");
        // Every round in flight has ended (no row is claimed and still unsent); then what they marked sent is final.
        await Eventually.TrueAsync(
            async () => !await _platform.BeneficiariesDb(db => db.OutboxMessages.AnyAsync(m => m.SentAt == null && m.LockedBy != null)),
            // A round cut off waits for its publishes' confirm timeout before it releases its rows: long on a busy machine.
            TimeSpan.FromSeconds(180), "the rounds in flight to settle");
        var sent = await _platform.BeneficiariesDb(db => db.OutboxMessages.Where(m => m.SentAt != null).Select(m => m.Id).ToListAsync());
        Assert.InRange(sent.Count, 1, Events - 1);

        // Activities is not behind the cut: whatever was marked sent is on its queue and gets applied.
        await Eventually.ReturnsAsync(
            () => _platform.ActivitiesDb(db => db.InboxMessages.CountAsync(m => sent.Contains(m.MessageId))),
            n => n == sent.Count, TimeSpan.FromSeconds(60), "every row marked sent applied in Activities");

        _broker.Restore();
        await Eventually.ReturnsAsync(_platform.ProjectedCountAsync, n => n == Events, TimeSpan.FromSeconds(120), "the rest after the broker returned");
        await Eventually.TrueAsync(async () =>
                await _platform.BeneficiariesDb(db => db.OutboxMessages.CountAsync(m => m.SentAt == null)) == 0 && consumed.Handled >= published.Dispatched,
            TimeSpan.FromSeconds(60), "every published event handled");
        Assert.Equal(Events, consumed.Applied);
    }
}
