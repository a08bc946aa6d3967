using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Memory;

namespace JusticePlatform.Gateway;

/// <summary>
/// /.well-known/openid-configuration as partners must see it: the identity service's document with
/// its internal address replaced by the gateway's public one, so that the token endpoint and the
/// keys a partner is pointed at are reached through the gateway. The issuer is left as the
/// identity service names it: it must equal the <c>iss</c> of the tokens.
/// </summary>
internal static class OpenIdDiscovery
{
    public const string Path = "/.well-known/openid-configuration";

    public static void MapOpenIdDiscovery(this WebApplication app) =>
        app.MapGet(Path, GetAsync).ExcludeFromDescription().AllowAnonymous();

    private static async Task<IResult> GetAsync(HttpContext context, IHttpClientFactory clients, IConfiguration configuration,
        IMemoryCache cache, CancellationToken cancellationToken)
    {
        var publicAddress = PublicAddress.Of(context);
        var cacheKey = Path + "|" + publicAddress;
        if (cache.TryGetValue(cacheKey, out string? cached))
        {
            return Results.Text(cached, "application/json");
        }

        if (!Uri.TryCreate(configuration["services:identity:http:0"], UriKind.Absolute, out var identity))
        {
            return Unavailable();
        }

        JsonObject document;
        try
        {
            using var client = clients.CreateClient(ApiReference.HttpClientName);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            document = JsonNode.Parse(await client.GetStringAsync(new Uri(identity, Path), timeout.Token))!.AsObject();
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
        {
            return Unavailable();
        }

        var internalOrigin = identity.GetLeftPart(UriPartial.Authority);
        foreach (var (name, value) in document.ToList())
        {
            // The issuer is a name, not a place: it stays the one the tokens carry (Identity:Issuer sets
            // it to the public address), or a partner's library would refuse every token it is given.
            if (name != "issuer" && value is JsonValue text && text.TryGetValue(out string? url)
                && url.StartsWith(internalOrigin, StringComparison.OrdinalIgnoreCase))
            {
                document[name] = publicAddress + url[internalOrigin.Length..];
            }
        }

        var json = document.ToJsonString();
        if (PublicAddress.IsConfigured(configuration))
        {
            cache.Set(cacheKey, json, TimeSpan.FromMinutes(1));
        }

        return Results.Text(json, "application/json");
    }

    private static IResult Unavailable() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The identity service is unavailable",
            detail: "Retry later; if it persists, contact the platform's operators with the correlation id.");
}
