using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

/// <summary>Partners' clients of the Beneficiaries API, through the gateway as a field office reaches it.</summary>
internal static class Gateway
{
    public static Task<HttpClient> PartnerAsync(this TestPlatform platform, string partner, params string[] scopes) =>
        platform.ClientAsync(platform.Gateway!, partner, scopes.Length > 0 ? scopes : [Scopes.BeneficiariesWrite, Scopes.BeneficiariesRead]);

    public static async Task<JsonElement> RegisterAsync(this HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/beneficiaries", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"registration failed: {(int)response.StatusCode} {json}");
        return json;
    }

    /// <summary>An administrator records that two partners agreed to have their beneficiaries matched.</summary>
    public static async Task<Guid> AgreeToShareAsync(this TestPlatform platform, string partnerA, string partnerB)
    {
        await platform.RegisterPartnersAsync(partnerA, partnerB);
        using var admin = await platform.ClientAsync(platform.Gateway!, "platform", Scopes.Admin);
        var response = await admin.PostAsJsonAsync("/api/v1/beneficiaries/data-sharing-agreements", new { partners = new[] { partnerA, partnerB } });
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"recording the agreement failed: {(int)response.StatusCode} {json}");
        return json.GetProperty("id").GetGuid();
    }

    public static async Task EndSharingAsync(this TestPlatform platform, Guid agreementId)
    {
        using var admin = await platform.ClientAsync(platform.Gateway!, "platform", Scopes.Admin);
        (await admin.PostAsync($"/api/v1/beneficiaries/data-sharing-agreements/{agreementId}/end", null)).EnsureSuccessStatusCode();
    }

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
