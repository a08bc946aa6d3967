using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.TestSupport;

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
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
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
