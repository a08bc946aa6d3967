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
    private const string PublicAddressPlaceholder = "https://public-address.invalid";
    public static readonly string[] Services = ["identity", "beneficiaries", "activities", "grievances", "funding"];

    public static void MapApiReference(this WebApplication app)
    {
        app.MapGet(DocumentPath, GatherAsync).ExcludeFromDescription().AllowAnonymous();
        // Everything the page loads comes from the gateway: the script is served from the package,
        // no web fonts, no telemetry, no third-party client button (field offices may be offline from the internet).
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("JusticePlatform API")
            .WithOpenApiRoutePattern(DocumentPath)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .HideClientButton()
            .WithOperationTitleSource(OperationTitleSource.Summary)
            .AddPreferredSecuritySchemes(Microsoft.Extensions.Hosting.OpenApiDefaults.SecuritySchemeName))
            .AllowAnonymous();
    }

    private static async Task<IResult> GatherAsync(HttpContext context, IHttpClientFactory clients, IConfiguration configuration, IMemoryCache cache,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // The document names the address partners call, which is set on every answer, not cached.
        var publicAddress = System.Text.Json.JsonSerializer.Serialize(PublicAddress.Of(context))[1..^1];

        // Every page load asks for the document: the services are asked at most once a minute.
        if (cache.TryGetValue(DocumentPath, out string? cached))
        {
            return Results.Text(cached!.Replace(PublicAddressPlaceholder, publicAddress, StringComparison.Ordinal), "application/json");
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
                    // A service builds its document on the first request, which takes seconds (tens on a loaded machine).
                    timeout.CancelAfter(TimeSpan.FromSeconds(60));
                    var json = await client.GetStringAsync(new Uri(new Uri(s.address!), Microsoft.Extensions.Hosting.OpenApiDefaults.DocumentPath), timeout.Token);
                    return (s.service, document: (JsonObject?)JsonNode.Parse(json)!.AsObject());
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning("The OpenAPI document of {Service} could not be read: {Error}", s.service, ex.Message);
                    return (s.service, document: null);
                }
            }));

        // A document without a service's operations would be a wrong contract for a client generated
        // from it: say which part is missing and when to ask again, never serve it as the whole.
        if (documents.Where(d => d.document is null).Select(d => d.service).ToList() is { Count: > 0 } missing)
        {
            var services = string.Join(", ", missing);
            context.Response.Headers.RetryAfter = "10";
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The API document is incomplete",
                detail: $"The OpenAPI document of {services} could not be read yet; ask again in a few seconds.");
        }

        var gathered = new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "JusticePlatform API",
                ["version"] = "v1",
                ["description"] = Microsoft.Extensions.Hosting.OpenApiDefaults.TokenFlowDescription,
                ["license"] = new JsonObject { ["name"] = "Proprietary: for the platform's partners" },
            },
            // The address this document was read from: production's for partners, a staging or local one for their tests.
            ["servers"] = new JsonArray(new JsonObject
            {
                ["url"] = PublicAddressPlaceholder,
                ["description"] = "The platform's gateway in the environment this document was read from (production, staging or local)",
                ["x-internal"] = false,
            }),
            ["paths"] = new JsonObject(),
            ["components"] = new JsonObject { ["schemas"] = new JsonObject(), ["examples"] = new JsonObject(), ["securitySchemes"] = new JsonObject() },
            ["tags"] = new JsonArray(),
        };
        foreach (var (service, document) in documents)
        {
            if (document is not null)
            {
                RenameCollidingSchemas(service, document, gathered["components"]!["schemas"]!.AsObject());
                Merge(gathered, document);
            }
        }

        // The token endpoint partners call is the gateway's.
        if (gathered["components"]!["securitySchemes"]![Microsoft.Extensions.Hosting.OpenApiDefaults.SecuritySchemeName]?["flows"]?["clientCredentials"] is JsonObject flow)
        {
            flow["tokenUrl"] = PublicAddressPlaceholder + "/connect/token";
        }

        var text = gathered.ToJsonString();
        cache.Set(DocumentPath, text, TimeSpan.FromMinutes(1));

        return Results.Text(text.Replace(PublicAddressPlaceholder, publicAddress, StringComparison.Ordinal), "application/json");
    }

    private static void Merge(JsonObject into, JsonObject document)
    {
        CopyMissing(document["paths"] as JsonObject, into["paths"]!.AsObject());
        CopyMissing(document["components"]?["schemas"] as JsonObject, into["components"]!["schemas"]!.AsObject());
        CopyMissing(document["components"]?["examples"] as JsonObject, into["components"]!["examples"]!.AsObject());
        CopyMissing(document["components"]?["securitySchemes"] as JsonObject, into["components"]!["securitySchemes"]!.AsObject());
        MergeScopes(document, into);
        if (document["security"] is JsonArray security && into["security"] is null)
        {
            into["security"] = security.DeepClone();
        }

        var tags = into["tags"]!.AsArray();
        foreach (var tag in (document["tags"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (!tags.OfType<JsonObject>().Any(t => (string?)t["name"] == (string?)tag["name"]))
            {
                tags.Add(tag.DeepClone());
            }
        }
    }

    /// <summary>
    /// Two services can have schemas of the same name that differ (Beneficiaries' and Grievances'
    /// ConsentRequest): the later one is renamed with its service's name ("GrievancesConsentRequest"),
    /// and its document's references follow, so that every operation keeps its own schema.
    /// </summary>
    private static void RenameCollidingSchemas(string service, JsonObject document, JsonObject gathered)
    {
        if (document["components"]?["schemas"] is not JsonObject schemas)
        {
            return;
        }

        var prefix = char.ToUpperInvariant(service[0]) + service[1..];
        // Again until nothing changes: a schema that pointed to a renamed one now differs too.
        while (true)
        {
            var renamed = schemas
                .Where(schema => gathered.TryGetPropertyValue(schema.Key, out var existing) && !JsonNode.DeepEquals(existing, schema.Value))
                .ToDictionary(schema => "#/components/schemas/" + schema.Key, schema => "#/components/schemas/" + prefix + schema.Key);
            if (renamed.Count == 0)
            {
                return;
            }

            foreach (var name in renamed.Keys.Select(reference => reference["#/components/schemas/".Length..]).ToList())
            {
                var schema = schemas[name];
                schemas.Remove(name);
                schemas[prefix + name] = schema;
            }

            RewriteReferences(document, renamed);
        }
    }

    private static void RewriteReferences(JsonNode? node, Dictionary<string, string> renamed)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var target) && renamed.TryGetValue(target, out var replacement))
                {
                    obj["$ref"] = replacement;
                }

                foreach (var (_, child) in obj.ToList())
                {
                    RewriteReferences(child, renamed);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    RewriteReferences(child, renamed);
                }

                break;
        }
    }

    /// <summary>Each service declares the scopes its operations need; the gathered scheme lists them all.</summary>
    private static void MergeScopes(JsonObject document, JsonObject into)
    {
        var scheme = Microsoft.Extensions.Hosting.OpenApiDefaults.SecuritySchemeName;
        if (document["components"]?["securitySchemes"]?[scheme]?["flows"]?["clientCredentials"]?["scopes"] is JsonObject scopes
            && into["components"]!["securitySchemes"]![scheme]?["flows"]?["clientCredentials"]?["scopes"] is JsonObject gathered)
        {
            foreach (var (name, description) in scopes)
            {
                if (!gathered.ContainsKey(name))
                {
                    gathered[name] = description?.DeepClone();
                }
            }
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
