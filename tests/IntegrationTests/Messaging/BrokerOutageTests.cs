using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace JusticePlatform.IntegrationTests.Messaging;

public sealed class BrokerOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Registrations = 200;
    private TcpProxy _broker = null!;
    private TestPlatform _platform = null!;
    private HttpClient _beneficiaries = null!;

    public async Task InitializeAsync()
    {
        var infrastructure = await TestInfrastructure.GetAsync();
        // Beneficiaries reaches the broker through a proxy this test can cut; Activities directly.
        _broker = TcpProxy.Start(infrastructure.Amqp.Host, infrastructure.Amqp.Port);
        _platform = await TestPlatform.StartAsync(nameof(BrokerOutageTests), new PlatformOptions
        {
            BeneficiariesMessaging = resources => new UriBuilder(resources.RabbitConnectionString) { Port = _broker.Port }.Uri.ToString(),
        });
        _beneficiaries = await _platform.BeneficiariesClientAsync();
    }

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task Registrations_accepted_while_the_broker_is_down_are_each_consumed_once_when_it_returns()
    {
        using var published = new MessagingCounters(_platform.Beneficiaries.Services);
        using var consumed = new MessagingCounters(_platform.Activities!.Services);
        await _beneficiaries.RegisterAsync(); // both services up and connected
        await Eventually.ReturnsAsync(_platform.ProjectedCountAsync, n => n == 1, TimeSpan.FromSeconds(30), "the first registration");

        _broker.Cut();
        for (var i = 0; i < Registrations; i++)
        {
            var response = await _beneficiaries.PostAsJsonAsync("/api/v1/beneficiaries", IntegrationTests.Registrations.Valid());
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        Assert.Equal(Registrations + 1, await _platform.BeneficiariesDb(db => db.Beneficiaries.CountAsync()));
        await Eventually.TrueAsync(() => Task.FromResult(published.DispatchFailures > 0), TimeSpan.FromSeconds(60), "the dispatcher to find the broker gone");
        Assert.Equal(1, await _platform.ProjectedCountAsync());
        Assert.True(await _platform.BeneficiariesDb(db => db.OutboxMessages.CountAsync(m => m.SentAt == null)) > 0);

        var drain = Stopwatch.StartNew();
        _broker.Restore();
        await Eventually.ReturnsAsync(_platform.ProjectedCountAsync, n => n >= Registrations + 1, TimeSpan.FromSeconds(120), "all registrations to reach Activities");
        drain.Stop();
        output.WriteLine($"Drained {Registrations} events {drain.Elapsed.TotalSeconds:0.0}s after the broker came back.");

        // Every row is marked sent, so nothing more is published; wait until all that was has been handled.
        await Eventually.TrueAsync(async () =>
                await _platform.BeneficiariesDb(db => db.OutboxMessages.CountAsync(m => m.SentAt == null)) == 0 && consumed.Handled >= published.Dispatched,
            TimeSpan.FromSeconds(60), "every published event handled");
        Assert.Equal(Registrations + 1, await _platform.ProjectedCountAsync());
        // Each event took effect once, as the consumer counted it; a republished one (its confirm lost in the cut) was skipped by the inbox.
        Assert.Equal(Registrations + 1, consumed.Applied);
    }
}
