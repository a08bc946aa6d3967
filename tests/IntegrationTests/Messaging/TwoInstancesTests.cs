using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Messaging;

public sealed class TwoInstancesTests : IAsyncLifetime
{
    private const int Registrations = 100;
    private TestPlatform _platform = null!;

    public async Task InitializeAsync() => _platform = await TestPlatform.StartAsync(nameof(TwoInstancesTests));

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task Two_instances_sharing_one_outbox_publish_each_event_once()
    {
        var second = await _platform.StartAnotherBeneficiariesAsync();
        using var firstCounts = new MessagingCounters(_platform.Beneficiaries.Services);
        using var secondCounts = new MessagingCounters(second.Services);
        using var consumed = new MessagingCounters(_platform.Activities!.Services);
        using var first = await _platform.BeneficiariesClientAsync();
        using var other = await _platform.ClientAsync(second, "amss", BuildingBlocks.Partners.Scopes.BeneficiariesWrite);

        await Parallel.ForAsync(0, Registrations, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => await (i % 2 == 0 ? first : other).RegisterAsync());

        await Eventually.ReturnsAsync(_platform.ProjectedCountAsync, n => n == Registrations, TimeSpan.FromSeconds(60), "every registration in Activities");
        // Once every row is marked sent nothing is published again; wait until Activities has handled all that was.
        await Eventually.TrueAsync(async () =>
                await _platform.BeneficiariesDb(db => db.OutboxMessages.CountAsync(m => m.SentAt == null)) == 0
                && consumed.Handled == firstCounts.Dispatched + secondCounts.Dispatched,
            TimeSpan.FromSeconds(30), "every published event handled by Activities");
        Assert.Equal(Registrations, firstCounts.Dispatched + secondCounts.Dispatched);
        Assert.Equal((Registrations, 0L), (consumed.Applied, consumed.Skipped));
        Assert.Equal(0, await _platform.BeneficiariesDb(db => db.OutboxMessages.CountAsync(m => m.SentAt == null)));
        Assert.Equal(Registrations, await _platform.ActivitiesDb(db => db.InboxMessages.CountAsync(m => m.Consumer == "BeneficiaryRegisteredConsumer")));
    }
}
