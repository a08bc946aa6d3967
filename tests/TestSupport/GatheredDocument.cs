using System.Net;
using System.Text.Json.Nodes;

namespace JusticePlatform.TestSupport;

/// <summary>
/// The gateway's gathered OpenAPI document. The gateway answers 503 until it has read every
/// service's part (a service builds its document on the first ask: seconds, more on a busy machine).
/// </summary>
public static class GatheredDocument
{
    public const string Path = "/openapi/platform.json";

    public static async Task<string> ReadTextAsync(HttpClient gateway)
    {
        var response = await Eventually.ReturnsAsync(
            () => gateway.GetAsync(Path),
            answer => answer.StatusCode != HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromMinutes(3), "the gateway to gather every service's document", TimeSpan.FromSeconds(2));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public static async Task<JsonObject> ReadAsync(HttpClient gateway) => JsonNode.Parse(await ReadTextAsync(gateway))!.AsObject();
}
