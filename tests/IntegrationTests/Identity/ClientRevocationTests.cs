using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Identity.Tokens;
using JusticePlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace JusticePlatform.IntegrationTests.Identity;

/// <summary>
/// A disabled client is refused by the services themselves, not only by the gateway; the token
/// endpoint answers a client's requests made at once, and spends the same hash work on an unknown
/// client id as on a known one.
/// </summary>
public sealed class ClientRevocationTests(ClientRevocationTests.Platform platform) : IClassFixture<ClientRevocationTests.Platform>
{
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Activities = false };
    }

    [Fact]
    public async Task A_disabled_clients_token_is_refused_directly_at_a_service_within_a_minute()
    {
        using var admin = await AdministratorAsync();
        var client = await RegisterClientAsync(admin, "revoked-direct");
        using var office = Bearer(_platform.Beneficiaries.CreateClient(), await _platform.RequestTokenAsync(client.ClientId, client.ClientSecret));
        using var other = await _platform.ClientAsync(_platform.Beneficiaries, "still-enabled", Scopes.BeneficiariesRead);
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync("/api/v1/beneficiaries")).StatusCode);

        var disabled = await admin.PostAsync($"/api/v1/identity/partners/revoked-direct/clients/{client.ClientId}/disable", null);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);

        await Eventually.TrueAsync(async () => (await office.GetAsync("/api/v1/beneficiaries")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromMinutes(1), "the disabled client's token to be refused by Beneficiaries itself");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/beneficiaries")).StatusCode);
    }

    [Fact]
    public async Task Token_requests_of_one_client_made_at_once_are_all_answered_with_a_token()
    {
        using var admin = await AdministratorAsync();
        var client = await RegisterClientAsync(admin, "many-at-once");

        // Each fails the test with the token endpoint's answer if it is not a token.
        var tokens = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => _platform.RequestTokenAsync(client.ClientId, client.ClientSecret)));

        Assert.All(tokens, token => Assert.False(string.IsNullOrEmpty(token)));
    }

    [Fact]
    public async Task An_unknown_client_ids_secret_is_verified_against_the_dummy_hash_and_a_known_clients_is_not()
    {
        using var admin = await AdministratorAsync();
        var client = await RegisterClientAsync(admin, "hash-work");
        var unknown = _platform.Identity.Services.GetRequiredService<UnknownClientSecrets>();
        var before = unknown.Verifications;

        using var identity = _platform.Identity.CreateClient();
        var refused = await RequestTokenAsync(identity, "no-such-client-" + Guid.NewGuid().ToString("N")[..8], "a-guessed-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(before + 1, unknown.Verifications);

        var wrongSecret = await RequestTokenAsync(identity, client.ClientId, "a-guessed-secret");
        Assert.Equal(refused.StatusCode, wrongSecret.StatusCode);
        Assert.Equal(before + 1, unknown.Verifications);
    }

    [Fact]
    public async Task The_dummy_hash_is_a_real_hash_that_OpenIddict_verifies_at_full_cost()
    {
        await using var scope = _platform.Identity.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();

        // A malformed hash would be refused at once, whatever the secret: only a real one matches its secret.
        Assert.True(await applications.ValidateClientSecretAsync(UnknownClientSecrets.DummyClient(), UnknownClientSecrets.DummySecret));
        Assert.False(await applications.ValidateClientSecretAsync(UnknownClientSecrets.DummyClient(), "another-secret"));
    }

    private async Task<HttpClient> AdministratorAsync() =>
        Bearer(_platform.Identity.CreateClient(), await _platform.RequestTokenAsync(TestPlatform.AdminClientId, TestPlatform.AdminClientSecret));

    private static HttpClient Bearer(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<IssuedClient> RegisterClientAsync(HttpClient admin, string partnerId)
    {
        (await admin.PostAsJsonAsync("/api/v1/identity/partners", new { id = partnerId, name = partnerId.ToUpperInvariant() })).EnsureSuccessStatusCode();
        var created = await admin.PostAsJsonAsync($"/api/v1/identity/partners/{partnerId}/clients",
            new { displayName = $"{partnerId} office", scopes = new[] { Scopes.BeneficiariesRead } });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<IssuedClient>())!;
    }

    private static Task<HttpResponseMessage> RequestTokenAsync(HttpClient identity, string clientId, string secret) =>
        identity.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }));

    private sealed record IssuedClient(string ClientId, string ClientSecret);
}
