using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace JusticePlatform.IntegrationTests.Operations;

/// <summary>
/// A scaled-out platform losing an instance mid-load: two instances of Beneficiaries and of
/// Activities (one of each in the test process, the other a process of its own) behind one gateway
/// process, and a partner registering people through it when one instance of each is killed with
/// SIGKILL, without warning, as a crashed machine would.
/// </summary>
public sealed class InstanceCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Registrations = 2000;
    private const int Concurrency = 4;
    private const int KillAfter = 600;

    private TestPlatform _platform = null!;
    private ServiceProcess _beneficiaries2 = null!;
    private ServiceProcess _activities2 = null!;
    private ServiceProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        // A dead instance's claimed outbox rows wait for their lease to lapse before another sends them.
        var shortLease = new Dictionary<string, string?> { ["Messaging:OutboxLease"] = "00:00:10" };
        _platform = await TestPlatform.StartAsync(nameof(InstanceCrashTests), new PlatformOptions { ServiceSettings = shortLease });
        _beneficiaries2 = ServiceProcess.Start("services/Beneficiaries", "Beneficiaries", _platform.SettingsOf("beneficiaries"));
        _activities2 = ServiceProcess.Start("services/Activities", "Activities", _platform.SettingsOf("activities"));
        _gateway = ServiceProcess.Start("gateway/Gateway", "Gateway", new Dictionary<string, string?>
        {
            ["services:identity:http:0"] = _platform.Identity.Address.ToString(),
            // The instances killed come first, where a gateway that knew one instance only would send everything.
            ["services:beneficiaries:http:0"] = _beneficiaries2.Address.ToString(),
            ["services:beneficiaries:http:1"] = _platform.Beneficiaries.Address.ToString(),
            ["services:activities:http:0"] = _activities2.Address.ToString(),
            ["services:activities:http:1"] = _platform.Activities!.Address.ToString(),
            ["services:grievances:http:0"] = "http://127.0.0.1:9",
            ["services:funding:http:0"] = "http://127.0.0.1:9",
            ["Identity:Authority"] = _platform.Identity.Address.ToString(),
            ["Identity:RequireHttpsMetadata"] = "false",
            ["RateLimiting:PermitLimit"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Yarp.ReverseProxy.Health"] = "Error",
        });

        foreach (var process in new[] { _beneficiaries2, _activities2, _gateway })
        {
            using var client = process.CreateClient();
            try
            {
                await Ready.WaitAsync(client, TimeSpan.FromSeconds(90));
            }
            catch (TimeoutException failure)
            {
                throw new TimeoutException($"{failure.Message}{Environment.NewLine}{process.Output}", failure);
            }
        }

        await _platform.RegisterPartnersAsync("amss");
    }

    public async Task DisposeAsync()
    {
        foreach (var process in new[] { _gateway, _beneficiaries2, _activities2 })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        await _platform.DisposeAsync();
    }

    [Fact]
    public async Task Killing_an_instance_of_beneficiaries_and_of_activities_mid_load_loses_no_registration_and_doubles_none()
    {
        using var gateway = _gateway.CreateClient();
        gateway.Timeout = TimeSpan.FromSeconds(60);
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _platform.TokenAsync("amss", Scopes.BeneficiariesWrite));

        var succeeded = new System.Collections.Concurrent.ConcurrentDictionary<int, Guid>();
        var failed = new System.Collections.Concurrent.ConcurrentDictionary<int, string>();
        var next = -1;
        var started = 0;
        var completed = 0;
        var killNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task RegisterAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < Registrations; i = Interlocked.Increment(ref next))
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/beneficiaries")
                {
                    Content = JsonContent.Create(Samples.Person(givenName: "Awa " + Letters(i), familyName: "Traoré", birthDate: $"19{50 + i % 50}-0{1 + i % 9}-1{i % 10}")),
                };
                request.Headers.Add("Idempotency-Key", $"crash-{i}");
                Interlocked.Increment(ref started);
                try
                {
                    using var response = await gateway.SendAsync(request);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        succeeded[i] = (await response.Content.ReadFromJsonAsync<Created>())!.Id;
                    }
                    else
                    {
                        failed[i] = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                    }
                }
                catch (HttpRequestException failure)
                {
                    failed[i] = failure.Message;
                }

                if (Interlocked.Increment(ref completed) == KillAfter)
                {
                    killNow.SetResult();
                }
            }
        }

        var load = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(RegisterAsync)).ToList();
        await killNow.Task.WaitAsync(TimeSpan.FromMinutes(2));
        // Every request begun before the kills ended and not answered yet may have been at a killed instance.
        var answeredBefore = Volatile.Read(ref completed);
        _beneficiaries2.KillOutright();
        _activities2.KillOutright();
        var inFlightAtKill = Volatile.Read(ref started) - answeredBefore;
        await Task.WhenAll(clients);
        load.Stop();

        var stored = await _platform.BeneficiariesDb(db => db.Beneficiaries.Where(b => b.PartnerId == "amss").Select(b => new { b.Id, b.GivenName }).ToListAsync());
        var projected = await Eventually.ReturnsAsync(
            () => _platform.ActivitiesDb(db => db.KnownBeneficiaries.Where(b => b.PartnerId == "amss").Select(b => b.Id).ToListAsync()),
            ids => ids.Count >= stored.Count,
            TimeSpan.FromSeconds(60),
            $"the {stored.Count} registrations to reach the Activities projection");
        output.WriteLine($"{Registrations} registrations in {load.Elapsed.TotalSeconds:0.0}s: {succeeded.Count} succeeded, {failed.Count} failed, " +
            $"{inFlightAtKill} in flight at the kill; {stored.Count} stored, {projected.Count} projected.");
        foreach (var (index, failure) in failed.OrderBy(f => f.Key))
        {
            output.WriteLine($"registration {index}: {failure}");
        }

        if (failed.Count > inFlightAtKill)
        {
            output.WriteLine(_gateway.Output);
        }

        Assert.True(failed.Count <= inFlightAtKill, $"{failed.Count} failures, {inFlightAtKill} requests in flight at the kill: {string.Join("; ", failed.Values)}");
        Assert.Equal(Registrations, succeeded.Count + failed.Count);
        // Stored once: every success is there, and no person twice (a retried create run again would be).
        var storedIds = stored.Select(b => b.Id).ToHashSet();
        Assert.All(succeeded.Values, id => Assert.Contains(id, storedIds));
        Assert.Equal(stored.Count, stored.Select(b => b.GivenName).Distinct().Count());
        Assert.InRange(stored.Count, succeeded.Count, succeeded.Count + failed.Count);
        // Projected once: exactly the stored registrations, each one row.
        Assert.Equal(storedIds.Order(), projected.Order());
    }

    /// <summary>A name of letters only, different for every index.</summary>
    private static string Letters(int index)
    {
        var letters = "";
        do
        {
            letters = (char)('a' + index % 26) + letters;
            index /= 26;
        }
        while (index > 0);

        return "Ba" + letters;
    }

    private sealed record Created(Guid Id);
}
