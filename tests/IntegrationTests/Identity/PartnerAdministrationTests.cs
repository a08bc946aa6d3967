using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Identity;

/// <summary>
/// Partners as the administrators manage them: a disabled partner's clients get no token and
/// theirs are refused; the admin scope stays with the platform's own clients; the services hear
/// of every partner, and hear of them again when Identity announces them.
/// </summary>
public sealed class PartnerAdministrationTests(PartnerAdministrationTests.Platform platform) : IClassFixture<PartnerAdministrationTests.Platform>
{
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Activities = false };
    }

    [Fact]
    public async Task A_partners_client_cannot_be_given_the_admin_scope_and_a_platform_client_can()
    {
        using var admin = await _platform.IdentityAdminAsync();
        await _platform.RegisterPartnersAsync("would-be-admin");

        var refused = await admin.PostAsJsonAsync("/api/v1/identity/partners/would-be-admin/clients",
            new { displayName = "escalation", scopes = new[] { Scopes.BeneficiariesRead, Scopes.Admin } });
        var platformClient = await admin.PostAsJsonAsync("/api/v1/identity/partners/platform/clients",
            new { displayName = "second administrator", scopes = new[] { Scopes.Admin } });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("scopes", out _), problem.ToString());
        Assert.Equal(HttpStatusCode.Created, platformClient.StatusCode);
    }

    [Fact]
    public async Task A_disabled_partners_clients_get_no_token_and_the_tokens_they_hold_are_refused_until_it_is_enabled()
    {
        using var admin = await _platform.IdentityAdminAsync();
        await _platform.RegisterPartnersAsync("disabled-ngo");
        var created = await admin.PostAsJsonAsync("/api/v1/identity/partners/disabled-ngo/clients",
            new { displayName = "field office", scopes = new[] { Scopes.BeneficiariesRead } });
        var client = (await created.Content.ReadFromJsonAsync<IssuedClient>())!;
        using var office = _platform.Beneficiaries.CreateClient();
        office.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _platform.RequestTokenAsync(client.ClientId, client.ClientSecret));
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync("/api/v1/beneficiaries")).StatusCode);

        var disabled = await admin.PostAsync("/api/v1/identity/partners/disabled-ngo/disable", null);

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.True((await disabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disabled").GetBoolean());
        await Assert.ThrowsAsync<InvalidOperationException>(() => _platform.RequestTokenAsync(client.ClientId, client.ClientSecret));
        await Eventually.TrueAsync(async () => (await office.GetAsync("/api/v1/beneficiaries")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromMinutes(1), "the disabled partner's token to be refused by Beneficiaries itself");
        await _platform.WaitForKnownPartnersAsync(["disabled-ngo"], enabled: false);

        (await admin.PostAsync("/api/v1/identity/partners/disabled-ngo/enable", null)).EnsureSuccessStatusCode();
        using var again = _platform.Beneficiaries.CreateClient();
        again.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _platform.RequestTokenAsync(client.ClientId, client.ClientSecret));
        await Eventually.TrueAsync(async () => (await again.GetAsync("/api/v1/beneficiaries")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromMinutes(1), "a token issued after enabling to be accepted");
        Assert.Equal(HttpStatusCode.Unauthorized, (await office.GetAsync("/api/v1/beneficiaries")).StatusCode);
        await _platform.WaitForKnownPartnersAsync(["disabled-ngo"], enabled: true);
    }

    [Fact]
    public async Task The_platforms_own_partner_cannot_be_disabled()
    {
        using var admin = await _platform.IdentityAdminAsync();

        var refused = await admin.PostAsync("/api/v1/identity/partners/platform/disable", null);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.False((await admin.GetFromJsonAsync<JsonElement>("/api/v1/identity/partners/platform")).GetProperty("disabled").GetBoolean());
    }

    [Fact]
    public async Task A_partner_a_service_never_heard_of_reaches_it_when_Identity_announces_its_partners_again()
    {
        await _platform.RegisterPartnersAsync("registered-long-ago");
        // As for a partner registered before the services kept their list: this service has not heard of it.
        await _platform.BeneficiariesDb(db => db.KnownPartners.Where(p => p.Id == "registered-long-ago").ExecuteDeleteAsync());
        using var admin = await _platform.IdentityAdminAsync();

        var announced = await admin.PostAsync("/api/v1/identity/partners/announcements", null);

        Assert.Equal(HttpStatusCode.OK, announced.StatusCode);
        await _platform.WaitForKnownPartnersAsync(["registered-long-ago"], enabled: true);
    }

    private sealed record IssuedClient(string ClientId, string ClientSecret);
}
