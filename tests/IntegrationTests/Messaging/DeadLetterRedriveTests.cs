using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Messaging;

/// <summary>A message a consumer gave up on waits in its _error queue until an administrator re-drives it, after the fault is fixed.</summary>
public sealed class DeadLetterRedriveTests : IAsyncLifetime
{
    private const string PoisonCommune = "ML060503";
    private const string ErrorQueue = "activities-beneficiary-registered_error";
    private readonly RejectingDatabase _rejecting = new(PoisonCommune);
    private TestPlatform _platform = null!;

    public async Task InitializeAsync() =>
        _platform = await TestPlatform.StartAsync(
            nameof(DeadLetterRedriveTests),
            new PlatformOptions
            {
                ActivitiesServices = services => services.AddSingleton<IInterceptor>(_rejecting),
                ServiceSettings = new() { ["Messaging:QueueDepthInterval"] = "00:00:00.500" },
            });

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task A_poisoned_message_is_listed_in_its_error_queue_and_after_the_fix_redriven_to_its_queue_and_consumed_once()
    {
        using var beneficiaries = await _platform.BeneficiariesClientAsync();
        var poisoned = await beneficiaries.RegisterAsync(commune: PoisonCommune);
        await Eventually.ReturnsAsync(() => _platform.Resources.Rabbit.MessageCountAsync(ErrorQueue), n => n == 1, TimeSpan.FromSeconds(30), "the message in the error queue");
        var messageId = Guid.Parse((await _platform.Resources.Rabbit.PeekMessageIdsAsync(ErrorQueue, 1))[0]);
        using var admin = await _platform.ClientAsync(_platform.Activities!, "platform", Scopes.Admin);

        var queues = await admin.GetFromJsonAsync<JsonElement>("/api/v1/activities/admin/dead-letters");

        var listed = Assert.Single(queues.EnumerateArray(), q => q.GetProperty("queue").GetString() == ErrorQueue);
        Assert.Equal(("activities-beneficiary-registered", 1L), (listed.GetProperty("sourceQueue").GetString(), listed.GetProperty("messages").GetInt64()));

        _rejecting.Heal();
        var redriven = await admin.PostAsync($"/api/v1/activities/admin/dead-letters/{ErrorQueue}/redrive", null);

        Assert.Equal(HttpStatusCode.OK, redriven.StatusCode);
        Assert.Equal(1, (await redriven.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("moved").GetInt32());
        await Eventually.TrueAsync(() => _platform.ActivitiesDb(db => db.KnownBeneficiaries.AnyAsync(b => b.Id == poisoned)), TimeSpan.FromSeconds(30), "the redriven message applied");
        Assert.Equal(1, await _platform.ActivitiesDb(db => db.InboxMessages.CountAsync(m => m.MessageId == messageId)));
        // The management API's counts trail the queue by a few seconds.
        await Eventually.ReturnsAsync(() => _platform.Resources.Rabbit.MessageCountAsync(ErrorQueue), n => n == 0, TimeSpan.FromSeconds(30), "the error queue emptied");
    }

    [Fact]
    public async Task A_message_in_an_error_queue_shows_in_the_error_queue_depth_gauge()
    {
        using var beneficiaries = await _platform.BeneficiariesClientAsync();
        await beneficiaries.RegisterAsync(commune: PoisonCommune);
        await Eventually.ReturnsAsync(() => _platform.Resources.Rabbit.MessageCountAsync(ErrorQueue), n => n == 1, TimeSpan.FromSeconds(30), "the message in the error queue");

        await Eventually.ReturnsAsync(
            () => Task.FromResult(QueueGauges(_platform.Activities!.Services)),
            gauges => gauges.GetValueOrDefault(("justice.messaging.error_queue_depth", ErrorQueue)) == 1
                && gauges.ContainsKey(("justice.messaging.queue_depth", "activities-beneficiary-registered")),
            TimeSpan.FromSeconds(30), "the error queue's depth in the gauge");
    }

    [Fact]
    public async Task Only_an_error_queue_of_the_service_can_be_redriven()
    {
        using var admin = await _platform.ClientAsync(_platform.Activities!, "platform", Scopes.Admin);
        using var partner = await _platform.ClientAsync(_platform.Activities!, "amss", Scopes.ActivitiesRead);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/v1/activities/admin/dead-letters/grievances-case-opened_error/redrive", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync("/api/v1/activities/admin/dead-letters")).StatusCode);
    }

    /// <summary>The queue depth gauges of one service instance, by instrument and queue.</summary>
    private static Dictionary<(string Instrument, string Queue), long> QueueGauges(IServiceProvider services)
    {
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        _ = services.GetRequiredService<MessagingMetrics>();
        var gauges = new Dictionary<(string, string), long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, enable) =>
        {
            if (instrument.Meter.Name == MessagingMetrics.MeterName && instrument.Meter.Scope == meterFactory && instrument.Name.EndsWith("queue_depth", StringComparison.Ordinal))
            {
                enable.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "queue", Value: string queue })
                {
                    gauges[(instrument.Name, queue)] = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return gauges;
    }
}
