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
        using var first = await _platform.BeneficiariesClientAsync();
        using var other = await _platform.ClientAsync(second, "amss", BuildingBlocks.Partners.Scopes.BeneficiariesWrite);

        await Parallel.ForAsync(0, Registrations, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => await (i % 2 == 0 ? first : other).RegisterAsync());

        await Eventually.ReturnsAsync(_platform.ProjectedCountAsync, n => n == Registrations, TimeSpan.FromSeconds(60), "every registration in Activities");
        await Eventually.ReturnsAsync(() => Task.FromResult(firstCounts.Dispatched + secondCounts.Dispatched), n => n >= Registrations, TimeSpan.FromSeconds(10), "the dispatch counters");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(Registrations, firstCounts.Dispatched + secondCounts.Dispatched);
        Assert.Equal(0, await _platform.BeneficiariesDb(db => db.OutboxMessages.CountAsync(m => m.SentAt == null)));
        Assert.Equal(Registrations, await _platform.ActivitiesDb(db => db.InboxMessages.CountAsync()));
    }
}
