using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.Identity.Data;
using JusticePlatform.TestSupport;

namespace JusticePlatform.IntegrationTests.Identity;

/// <summary>
/// The bootstrap administrator's secret comes from the deployment's secrets: outside Development
/// a guessable one stops the start, and a new one replaces the old at the next start.
/// </summary>
public sealed class AdministratorSecretTests(AdministratorSecretTests.Platform platform) : IClassFixture<AdministratorSecretTests.Platform>
{
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new()
        {
            Activities = false,
            BeneficiariesSettings = new() { ["Identity:RevocationRefresh"] = "00:00:00.200" },
        };
    }

    [Fact]
    public async Task Outside_Development_the_identity_service_refuses_to_start_with_the_development_administrator_secret()
    {
        var reason = await StartRefusal.ReasonAsync<IdentityDbContext>(IdentitySettings("local-admin-secret"));

        Assert.Contains("has the development default secret", reason);
    }

    [Fact]
    public async Task Outside_Development_the_identity_service_refuses_to_start_when_the_bootstrap_client_has_no_secret()
    {
        var reason = await StartRefusal.ReasonAsync<IdentityDbContext>(IdentitySettings(""));

        Assert.Contains("has no secret", reason);
    }

    [Fact]
    public async Task A_new_administrator_secret_in_the_configuration_replaces_the_old_one_at_the_next_start()
    {
        const string newSecret = "rotated-admin-secret-9f8e7d6c5b4a";

        await using var restarted = new ServiceHost<IdentityDbContext>(IdentitySettings(newSecret));
        await Ready.WaitAsync(restarted.CreateClient());
        using var client = restarted.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await RequestTokenAsync(client, newSecret)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await RequestTokenAsync(client, TestPlatform.AdminClientSecret)).StatusCode);
    }

    [Fact]
    public async Task A_token_issued_under_the_old_administrator_secret_is_refused_once_a_new_secret_took_over()
    {
        const string clientId = "second-platform-admin";
        string oldToken;
        await using (var first = new ServiceHost<IdentityDbContext>(IdentitySettings("first-admin-secret-0a1b2c3d4e5f", clientId)))
        {
            await Ready.WaitAsync(first.CreateClient());
            using var client = first.CreateClient();
            var issued = await RequestTokenAsync(client, "first-admin-secret-0a1b2c3d4e5f", clientId);
            oldToken = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        }

        using var beneficiaries = _platform.Beneficiaries.CreateClient();
        beneficiaries.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", oldToken);
        Assert.Equal(HttpStatusCode.OK, (await beneficiaries.GetAsync("/api/v1/beneficiaries/admin/dead-letters")).StatusCode);

        await using var rotated = new ServiceHost<IdentityDbContext>(IdentitySettings("second-admin-secret-6f5e4d3c2b1a", clientId));
        await Ready.WaitAsync(rotated.CreateClient());

        await Eventually.ReturnsAsync(
            async () => (await beneficiaries.GetAsync("/api/v1/beneficiaries/admin/dead-letters")).StatusCode,
            status => status == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(30), "the old token to be refused");
    }

    private Dictionary<string, string?> IdentitySettings(string adminSecret, string clientId = TestPlatform.AdminClientId)
    {
        var settings = _platform.Resources.ServiceSettings("identity");
        settings["Identity:Issuer"] = _platform.Identity.Address.ToString();
        settings["Identity:SigningKeyFile"] = _platform.Keys.IdentitySigningKeyFile;
        settings["Identity:BootstrapClientId"] = clientId;
        settings["Identity:BootstrapClientSecret"] = adminSecret;
        _platform.Keys.AddTo(settings);
        return settings;
    }

    private static Task<HttpResponseMessage> RequestTokenAsync(HttpClient client, string secret, string clientId = TestPlatform.AdminClientId) =>
        client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }));
}
