using JusticePlatform.Contracts.Beneficiaries;
using JusticePlatform.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Messaging;

public sealed class DuplicateDeliveryTests : IAsyncLifetime
{
    private TestPlatform _platform = null!;
    private HttpClient _beneficiaries = null!;

    public async Task InitializeAsync()
    {
        _platform = await TestPlatform.StartAsync(nameof(DuplicateDeliveryTests));
        _beneficiaries = await _platform.BeneficiariesClientAsync();
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task The_same_message_delivered_twice_takes_effect_once()
    {
        using var consumed = new MessagingCounters(_platform.Activities!.Services);
        await _beneficiaries.RegisterAsync(); // makes sure Activities is up and bound
        await Eventually.ReturnsAsync(_platform.ProjectedCountAsync, n => n == 1, TimeSpan.FromSeconds(30), "the first registration");

        var messageId = NewId.NextGuid();
        var registered = new BeneficiaryRegistered(Guid.NewGuid(), "partner-a", "individual", "male", 1980, false, "returnee", "ML060501", DateTimeOffset.UtcNow);
        var bus = _platform.Beneficiaries.Services.GetRequiredService<IBus>();
        await bus.Publish(registered, context => context.MessageId = messageId);
        await bus.Publish(registered, context => context.MessageId = messageId);

        await Eventually.ReturnsAsync(() => Task.FromResult(consumed.Applied + consumed.Skipped), n => n >= 3, TimeSpan.FromSeconds(30), "both deliveries to be handled");
        Assert.Equal(2, consumed.Applied); // the first registration and the first delivery
        Assert.Equal(1, consumed.Skipped);
        Assert.Equal(2, await _platform.ProjectedCountAsync());
        Assert.Equal(1, await _platform.ActivitiesDb(db => db.InboxMessages.CountAsync(m => m.MessageId == messageId)));
    }
}
