using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JusticePlatform.TestSupport;

namespace JusticePlatform.EndToEndTests.Edge;

/// <summary>What a partner's developer, or an attacker, does at the gateway's door: raw HTTP to its public address.</summary>
internal static class EdgeClients
{
    public sealed record IssuedClient(string ClientId, string ClientSecret);

    /// <summary>A plain client of the gateway that sends header values as UTF-8, as a careless or hostile caller can.</summary>
    public static HttpClient Raw(this TestPlatform platform) =>
        new(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 })
        {
            BaseAddress = platform.Gateway!.Address,
            Timeout = TimeSpan.FromSeconds(60),
        };

    public static Task<HttpResponseMessage> RequestTokenAsync(this HttpClient gateway, string clientId, string clientSecret) =>
        gateway.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
        }));

    public static async Task<string> TokenAsync(this HttpClient gateway, string clientId, string clientSecret)
    {
        var response = await gateway.RequestTokenAsync(clientId, clientSecret);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>An administrator's client of the gateway, with the bootstrap administrator's token.</summary>
    public static async Task<HttpClient> AdministratorAsync(this TestPlatform platform)
    {
        var admin = platform.Raw();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await admin.TokenAsync(TestPlatform.AdminClientId, TestPlatform.AdminClientSecret));
        return admin;
    }

    /// <summary>Registers a partner (when new) and a client for it through the gateway's admin API.</summary>
    public static async Task<IssuedClient> RegisterClientAsync(this HttpClient admin, string partnerId, params string[] scopes)
    {
        var partner = await admin.PostAsJsonAsync("/api/v1/identity/partners", new { id = partnerId, name = partnerId.ToUpperInvariant() });
        if (partner.StatusCode != System.Net.HttpStatusCode.Conflict)
        {
            partner.EnsureSuccessStatusCode();
        }

        var created = await admin.PostAsJsonAsync($"/api/v1/identity/partners/{partnerId}/clients", new { displayName = "edge test client", scopes });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<IssuedClient>())!;
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }
}
