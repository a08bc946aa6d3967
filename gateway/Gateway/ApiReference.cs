using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Memory;
using Scalar.AspNetCore;

namespace JusticePlatform.Gateway;

/// <summary>
/// One API reference page for partners' developers (/docs): the OpenAPI documents of every
/// service behind the gateway, gathered into one (/openapi/platform.json), with the token flow.
/// </summary>
internal static class ApiReference
{
    public const string HttpClientName = "openapi";
    public const string DocumentPath = "/openapi/platform.json";
    public static readonly string[] Services = ["identity", "beneficiaries", "activities", "grievances", "funding"];

    public static void MapApiReference(this WebApplication app)
    {
        app.MapGet(DocumentPath, GatherAsync).ExcludeFromDescription().AllowAnonymous();
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("JusticePlatform API")
            .WithOpenApiRoutePattern(DocumentPath))
            .AllowAnonymous();
    }

    private static async Task<IResult> GatherAsync(IHttpClientFactory clients, IConfiguration configuration, IMemoryCache cache,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // Every page load asks for the document: the services are asked at most once a minute.
        if (cache.TryGetValue(DocumentPath, out string? cached))
        {
            return Results.Text(cached, "application/json");
        }

        var logger = loggers.CreateLogger(typeof(ApiReference));
        using var client = clients.CreateClient(HttpClientName);
        var documents = await Task.WhenAll(Services
            .Select(service => (service, address: configuration[$"services:{service}:http:0"]))
            .Where(s => !string.IsNullOrEmpty(s.address))
            .Select(async s =>
            {
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(TimeSpan.FromSeconds(5));
                    var json = await client.GetStringAsync(new Uri(new Uri(s.address!), Microsoft.Extensions.Hosting.OpenApiDefaults.DocumentPath), timeout.Token);
                    return JsonNode.Parse(json)!.AsObject();
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
                {
                    logger.LogWarning("The OpenAPI document of {Service} could not be read: {Error}", s.service, ex.Message);
                    return null;
                }
            }));

        var gathered = new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "JusticePlatform API",
                ["version"] = "v1",
                ["description"] = Microsoft.Extensions.Hosting.OpenApiDefaults.TokenFlowDescription,
            },
            ["paths"] = new JsonObject(),
            ["components"] = new JsonObject { ["schemas"] = new JsonObject(), ["securitySchemes"] = new JsonObject() },
            ["tags"] = new JsonArray(),
        };
        foreach (var document in documents.OfType<JsonObject>())
        {
            Merge(gathered, document);
        }

        var text = gathered.ToJsonString();
        if (documents.All(d => d is not null))
        {
            // A document that could not be read is asked for again on the next load.
            cache.Set(DocumentPath, text, TimeSpan.FromMinutes(1));
        }

        return Results.Text(text, "application/json");
    }

    private static void Merge(JsonObject into, JsonObject document)
    {
        CopyMissing(document["paths"] as JsonObject, into["paths"]!.AsObject());
        CopyMissing(document["components"]?["schemas"] as JsonObject, into["components"]!["schemas"]!.AsObject());
        CopyMissing(document["components"]?["securitySchemes"] as JsonObject, into["components"]!["securitySchemes"]!.AsObject());
        if (document["security"] is JsonArray security && into["security"] is null)
        {
            into["security"] = security.DeepClone();
        }

        foreach (var tag in (document["tags"] as JsonArray ?? []).OfType<JsonObject>())
        {
            into["tags"]!.AsArray().Add(tag.DeepClone());
        }
    }

    private static void CopyMissing(JsonObject? from, JsonObject into)
    {
        foreach (var (key, value) in from ?? [])
        {
            if (!into.ContainsKey(key) && value is not null)
            {
                into[key] = value.DeepClone();
            }
        }
    }
}
