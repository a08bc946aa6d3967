using JusticePlatform.Contracts.Beneficiaries;
using JusticePlatform.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Messaging;

/// <summary>
/// Events about one beneficiary reach the Activities projection in any order, and several at
/// once: the projection must end at the newest version every time.
/// </summary>
public sealed class EventOrderTests(EventOrderTests.Platform platform) : IClassFixture<EventOrderTests.Platform>
{
    private static readonly DateTimeOffset RegisteredAt = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new();
    }

    public static TheoryData<int[]> EveryOrder => new()
    {
        new[] { 1, 2, 3 }, new[] { 1, 3, 2 }, new[] { 2, 1, 3 }, new[] { 2, 3, 1 }, new[] { 3, 1, 2 }, new[] { 3, 2, 1 },
    };

    [Theory]
    [MemberData(nameof(EveryOrder))]
    public async Task Registered_and_two_updates_delivered_one_by_one_in_any_order_end_at_the_newest_version(int[] order)
    {
        var id = Guid.NewGuid();
        var events = Events(id);

        foreach (var step in order)
        {
            await WaitForDeliveriesAsync([await PublishAsync(events[step - 1])]);
        }

        Assert.Equal(("host", 3L), await ProjectedAsync(id));
    }

    [Fact]
    public async Task Registered_and_two_updates_delivered_all_at_once_end_at_the_newest_version()
    {
        var ids = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();

        var messageIds = await Task.WhenAll(ids.SelectMany(Events).Reverse().Select(PublishAsync));
        await WaitForDeliveriesAsync(messageIds);

        foreach (var id in ids)
        {
            Assert.Equal(("host", 3L), await ProjectedAsync(id));
        }
    }

    /// <summary>v1 registered as IDP, v2 a refugee, v3 host: only v3 is the truth.</summary>
    private static object[] Events(Guid id) =>
    [
        new BeneficiaryRegistered(id, "amss", "individual", "female", 1990, false, "idp", "ML060201", RegisteredAt, Version: 1),
        new BeneficiaryUpdated(id, "amss", "individual", "female", 1990, false, "refugee", "ML060201", RegisteredAt.AddMinutes(1), Version: 2),
        // The clock of the third change lags behind the second's: the version decides, not the time.
        new BeneficiaryUpdated(id, "amss", "individual", "female", 1990, false, "host", "ML060201", RegisteredAt.AddSeconds(30), Version: 3),
    ];

    private async Task<Guid> PublishAsync(object message)
    {
        var messageId = NewId.NextGuid();
        await _platform.Activities!.Services.GetRequiredService<IBus>().Publish(message, message.GetType(), context => context.MessageId = messageId);
        return messageId;
    }

    /// <summary>Waits until the consumers have applied each of these messages (their inbox rows commit with the effect).</summary>
    private Task WaitForDeliveriesAsync(IReadOnlyCollection<Guid> messageIds) =>
        Eventually.TrueAsync(
            async () => await _platform.ActivitiesDb(db => db.InboxMessages.CountAsync(m => messageIds.Contains(m.MessageId))) == messageIds.Count,
            TimeSpan.FromSeconds(60),
            $"{messageIds.Count} messages applied");

    private Task<(string, long)> ProjectedAsync(Guid id) =>
        _platform.ActivitiesDb(async db =>
        {
            var row = await db.KnownBeneficiaries.SingleAsync(b => b.Id == id);
            return (row.DisplacementStatus, row.SourceVersion ?? -1);
        });
}
