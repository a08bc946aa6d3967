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

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
