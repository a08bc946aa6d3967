using JusticePlatform.Activities.Projections.Beneficiaries;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Messaging;

public sealed class FailingConsumerTests : IAsyncLifetime
{
    private const string PoisonCommune = "ML060503"; // a real commune: registration validates against the gazetteer
    private const string ErrorQueue = "activities-beneficiary-registered_error";
    private readonly RejectingDatabase _rejecting = new(PoisonCommune);
    private TestPlatform _platform = null!;
    private HttpClient _beneficiaries = null!;

    public async Task InitializeAsync()
    {
        _platform = await TestPlatform.StartAsync(
            nameof(FailingConsumerTests),
            new PlatformOptions { ActivitiesServices = services => services.AddSingleton<IInterceptor>(_rejecting) });
        _beneficiaries = await _platform.BeneficiariesClientAsync();
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task A_message_whose_consumer_keeps_failing_is_retried_then_moved_to_the_error_queue_and_its_outbox_row_is_kept()
    {
        using var consumed = new MessagingCounters(_platform.Activities!.Services);
        var poisoned = await _beneficiaries.RegisterAsync(commune: PoisonCommune);

        var inError = await Eventually.ReturnsAsync(
            () => _platform.Resources.Rabbit.MessageCountAsync(ErrorQueue), n => n == 1, TimeSpan.FromSeconds(30), "the message in the error queue");
        Assert.Equal(1, inError);

        Assert.Equal(3, _rejecting.Attempts); // first try + RetryLimit (2) retries
        // The ops metric counts the message once, when it is given up on, not once per attempt.
        await Eventually.TrueAsync(() => Task.FromResult(consumed.DeadLettered >= 1), TimeSpan.FromSeconds(10), "the dead-letter metric");
        Assert.Equal(1, consumed.DeadLettered);
        var row = await _platform.BeneficiariesDb(db => db.OutboxMessages.SingleAsync());
        Assert.NotNull(row.SentAt);
        Assert.Equal([row.Id.ToString()], await _platform.Resources.Rabbit.PeekMessageIdsAsync(ErrorQueue, 10));
        Assert.False(await _platform.ActivitiesDb(db => db.KnownBeneficiaries.AnyAsync(b => b.Id == poisoned)));

        // The endpoint is not blocked by the failed message.
        var healthy = await _beneficiaries.RegisterAsync();
        await Eventually.TrueAsync(() => _platform.ActivitiesDb(db => db.KnownBeneficiaries.AnyAsync(b => b.Id == healthy)), TimeSpan.FromSeconds(30), "the next registration");
    }
}
