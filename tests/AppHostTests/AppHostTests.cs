using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using JusticePlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JusticePlatform.AppHostTests;

/// <summary>The platform as the AppHost runs it, used the way the README's first call does: everything through the gateway.</summary>
public sealed class AppHostTests(AppHostFixture platform) : IClassFixture<AppHostFixture>
{
    [Fact]
    public async Task The_readme_first_call_through_the_gateway_registers_a_beneficiary_that_reaches_activities()
    {
        using var gateway = platform.CreateClient();

        var admin = await TokenAsync(gateway, "platform-admin", AppHostFixture.AdminClientSecret);
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        var partner = await gateway.PostAsJsonAsync("/api/v1/identity/partners", new { id = "amss", name = "AMSS" });
        Assert.Equal(HttpStatusCode.Created, partner.StatusCode);
        var created = await gateway.PostAsJsonAsync("/api/v1/identity/partners/amss/clients", new
        {
            displayName = "AMSS Timbuktu office",
            scopes = new[] { "beneficiaries.read", "beneficiaries.write", "activities.read" },
        });
        created.EnsureSuccessStatusCode();
        var client = await created.Content.ReadFromJsonAsync<IssuedClient>();

        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(gateway, client!.ClientId, client.ClientSecret));
        using var registration = new HttpRequestMessage(HttpMethod.Post, "/api/v1/beneficiaries")
        {
            Content = JsonContent.Create(Samples.Person("Awa", "Traoré", birthDate: "1990-02-01")),
        };
        registration.Headers.Add("Idempotency-Key", "tbk-2026-11-25-0001");
        var registered = await gateway.SendAsync(registration);
        await AssertAnsweredAsync(HttpStatusCode.Created, registered);
        var id = (await registered.Content.ReadFromJsonAsync<Created>())!.Id;

        var known = await Eventually.ReturnsAsync(
            () => gateway.GetAsync($"/api/v1/activities/beneficiaries/{id}"),
            response => response.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60),
            "the registration event to reach the Activities projection");
        var projected = await known.Content.ReadFromJsonAsync<KnownBeneficiary>();
        Assert.Equal((id, "amss"), (projected!.Id, projected.PartnerId));
    }

    [Fact]
    public async Task Every_service_runs_its_replicas_healthy_and_the_gateway_keeps_answering_when_one_instance_stops()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var services = new[] { "identity", "beneficiaries", "activities", "grievances", "funding" };
        foreach (var instance in services.SelectMany(service => new[] { service, $"{service}-2" }))
        {
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(instance, timeout.Token);
        }

        var healthyGateways = new HashSet<string>();
        await foreach (var update in platform.App.ResourceNotifications.WatchAsync(timeout.Token))
        {
            if (update.Resource.Name == "gateway" && update.Snapshot.HealthStatus == HealthStatus.Healthy && healthyGateways.Add(update.ResourceId)
                && healthyGateways.Count == AppHostFixture.Replicas)
            {
                break;
            }
        }

        using var gateway = platform.CreateClient();
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await PartnerTokenAsync(gateway, "replicas"));
        var before = await RegisterAsync(gateway, "replicas-before");

        var stopped = platform.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(resource => resource.Name == "beneficiaries-2");
        // On a loaded machine the stop may outlast Aspire's wait for it; what counts is that the instance is gone.
        await platform.App.ResourceCommands.ExecuteCommandAsync(stopped, KnownResourceCommands.StopCommand, timeout.Token);
        await platform.App.ResourceNotifications.WaitForResourceAsync("beneficiaries-2",
            update => update.Snapshot.State?.Text != KnownResourceStates.Running || update.Snapshot.HealthStatus != HealthStatus.Healthy, timeout.Token);

        // Whichever instance the gateway picks, every answer comes from a running one.
        for (var i = 0; i < 10; i++)
        {
            await RegisterAsync(gateway, $"replicas-after-{(char)('a' + i)}");
            await AssertAnsweredAsync(HttpStatusCode.OK, await gateway.GetAsync($"/api/v1/beneficiaries/{before}"));
        }
    }

    [Fact]
    public void The_services_keep_their_keys_wrapped_in_the_run_folders_keys_directory()
    {
        var keys = Path.Combine(platform.RunDirectory, "keys");

        foreach (var file in new[] { "identity-signing-key.json", "grievances-key-ring.json" })
        {
            var text = File.ReadAllText(Path.Combine(keys, file));
            Assert.Contains("\"format\":\"wrapped-key/v1\"", text);
            Assert.DoesNotContain("PRIVATE KEY", text);
            Assert.DoesNotContain("activeKey", text);
        }

        // Development under the AppHost: no KEY_ENCRYPTION_KEY was given, so one was generated beside the key files.
        Assert.True(File.Exists(Path.Combine(keys, "development-key-encryption-key")));
    }

    /// <summary>A partner of its own, with a client that registers and reads beneficiaries, and that client's token.</summary>
    private static async Task<string> PartnerTokenAsync(HttpClient gateway, string partnerId)
    {
        using var admin = new HttpRequestMessage(HttpMethod.Post, "/api/v1/identity/partners") { Content = JsonContent.Create(new { id = partnerId, name = partnerId.ToUpperInvariant() }) };
        var adminToken = await TokenAsync(gateway, "platform-admin", AppHostFixture.AdminClientSecret);
        admin.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        Assert.Equal(HttpStatusCode.Created, (await gateway.SendAsync(admin)).StatusCode);
        using var clientRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/identity/partners/{partnerId}/clients")
        {
            Content = JsonContent.Create(new { displayName = $"{partnerId} office", scopes = new[] { "beneficiaries.read", "beneficiaries.write" } }),
        };
        clientRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        var created = await gateway.SendAsync(clientRequest);
        created.EnsureSuccessStatusCode();
        var client = await created.Content.ReadFromJsonAsync<IssuedClient>();
        return await TokenAsync(gateway, client!.ClientId, client.ClientSecret);
    }

    /// <summary>The expected status, or a failure naming the answer, its headers and what the gateway and Beneficiaries logged last.</summary>
    private async Task AssertAnsweredAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        if (response.StatusCode != expected)
        {
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: expected {(int)expected}, got {(int)response.StatusCode}\n"
                + $"{response.Headers}{await response.Content.ReadAsStringAsync()}\n{platform.RecentLogs("gateway", "beneficiaries")}");
        }
    }

    private async Task<Guid> RegisterAsync(HttpClient gateway, string idempotencyKey)
    {
        using var registration = new HttpRequestMessage(HttpMethod.Post, "/api/v1/beneficiaries")
        {
            Content = JsonContent.Create(Samples.Person("Awa", "Traoré " + idempotencyKey.Replace("-", "", StringComparison.Ordinal).Where(char.IsLetter).Aggregate("", (name, letter) => name + letter))),
        };
        registration.Headers.Add("Idempotency-Key", idempotencyKey);
        var registered = await gateway.SendAsync(registration);
        await AssertAnsweredAsync(HttpStatusCode.Created, registered);
        return (await registered.Content.ReadFromJsonAsync<Created>())!.Id;
    }

    private static async Task<string> TokenAsync(HttpClient gateway, string clientId, string clientSecret)
    {
        var response = await gateway.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"token request for {clientId}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    private sealed record IssuedClient(string ClientId, string ClientSecret);

    private sealed record Created(Guid Id);

    private sealed record KnownBeneficiary(Guid Id, string PartnerId);
}
