using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Xunit.Abstractions;

namespace JusticePlatform.EndToEndTests.Edge;

public sealed class NegativeInputFixture : PlatformFixture
{
    protected override PlatformOptions Options => new()
    {
        Gateway = true,
        Grievances = true,
        Funding = true,
        GatewaySettings = { ["RateLimiting:PermitLimit"] = "1000000" },
    };
}

/// <summary>
/// Walks every operation of the gathered document, as a fuzzer or a careless generated client
/// would, and sends for each parameter and body field the values that used to reach the database:
/// NUL and other control characters, huge strings, wrong JSON types, out-of-range numbers,
/// date-times with a non-UTC offset, overflowing pages and unknown codes. No answer may be a 5xx.
/// </summary>
public sealed class NegativeInputTests(NegativeInputFixture fixture, ITestOutputHelper output) : IClassFixture<NegativeInputFixture>
{
    private static readonly string[] BadTexts =
    [
        "\u0000", "a\u0000b", "\u0001\u001f", "\u007f", "\u0085", new string('x', 10_000), "not-a-code", "1.5",
        "2020-01-01T00:00:00+02:00", "-1", "0", "2147483647", "99999999999999999999", "\ud800",
    ];

    private static readonly JsonNode?[] BadJsonValues =
    [
        "\u0000", "a\u0000b", "\u0001", new string('x', 10_000), "not-a-code", "2020-01-01T00:00:00+02:00", "1.5",
        12345, -1, 1e20, 2147483648L, 1.5, true, new JsonObject(), new JsonArray(), null,
    ];

    private readonly TestPlatform _platform = fixture.Platform;

    [Fact]
    public async Task No_bad_value_in_any_parameter_or_field_of_any_operation_gets_a_5xx()
    {
        using var gateway = _platform.Raw();
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _platform.TokenAsync("platform", Scopes.All.ToArray()));
        var document = await GatheredDocument.ReadAsync(gateway);
        var schemas = document["components"]!["schemas"]!.AsObject();

        var sent = 0;
        var failures = new List<string>();
        async Task SendAsync(HttpMethod method, string path, string? query, HttpContent? body, string what)
        {
            using var request = new HttpRequestMessage(method, path + (query is null ? "" : "?" + query)) { Content = body };
            var response = await gateway.SendAsync(request);
            sent++;
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{(int)response.StatusCode} {method} {path} {what}");
            }
        }

        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            foreach (var (verb, node) in item!.AsObject())
            {
                var operation = node!.AsObject();
                var method = new HttpMethod(verb.ToUpperInvariant());
                var parameters = (operation["parameters"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                var pathParameters = parameters.Where(p => (string?)p["in"] == "path").Select(p => (string)p["name"]!).ToList();
                var queryParameters = parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).ToList();
                var bodySchema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                var body = bodySchema is null ? null : SampleBody(bodySchema, schemas);

                string Path(string? bad = null, string? only = null) =>
                    pathParameters.Aggregate(template, (path, name) => path.Replace("{" + name + "}",
                        name == only ? Uri.EscapeDataString(bad!) : ValidPathValue(name, template)));

                // Path values.
                foreach (var name in pathParameters)
                {
                    foreach (var bad in BadTexts.Append(new string('p', 400)))
                    {
                        await SendAsync(method, Path(bad, name), null, Json(body), $"path {name}");
                    }
                }

                // Query values, one parameter at a time, and overflowing pages.
                foreach (var name in queryParameters)
                {
                    foreach (var bad in BadTexts)
                    {
                        await SendAsync(method, Path(), $"{name}={Uri.EscapeDataString(bad)}", Json(body), $"query {name}");
                    }
                }

                if (queryParameters.Contains("page"))
                {
                    await SendAsync(method, Path(), "page=2147483647&pageSize=500", null, "overflowing page");
                    await SendAsync(method, Path(), "page=-2147483648&pageSize=0", null, "negative page");
                }

                // Body fields, one at a time, including nested ones and array items.
                if (body is JsonObject sample)
                {
                    foreach (var (fieldPath, _) in Fields(sample, ""))
                    {
                        foreach (var bad in BadJsonValues)
                        {
                            var changed = sample.DeepClone().AsObject();
                            Set(changed, fieldPath, bad?.DeepClone());
                            await SendAsync(method, Path(), null, Json(changed), $"body {fieldPath}");
                        }
                    }

                    await SendAsync(method, Path(), null, new StringContent("{\"unterminated", Encoding.UTF8, "application/json"), "malformed body");
                    await SendAsync(method, Path(), null, new StringContent("[1,2,3]", Encoding.UTF8, "application/json"), "body of the wrong type");
                }
            }
        }

        output.WriteLine($"{sent} requests over {document["paths"]!.AsObject().Count} paths, {failures.Count} answered 5xx.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests answered 5xx:\n" + string.Join("\n", failures.Distinct().Take(40)));
        Assert.True(sent > 1000, $"only {sent} requests were sent");
    }

    private static HttpContent? Json(JsonNode? body) =>
        body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static string ValidPathValue(string name, string template) =>
        name.Equals("id", StringComparison.OrdinalIgnoreCase) && !template.Contains("/identity/", StringComparison.Ordinal)
            ? Guid.NewGuid().ToString()
            : name.Equals("clientId", StringComparison.Ordinal) ? "fuzz-client" : "fuzz";

    /// <summary>A body built from the schema: a valid registration for beneficiaries, and a plausible value for every other field.</summary>
    private static JsonNode? SampleBody(JsonNode schema, JsonObject schemas, int depth = 0)
    {
        if (depth > 4)
        {
            return null;
        }

        if ((string?)schema["$ref"] is { } reference)
        {
            var name = reference.Split('/')[^1];
            if (name == "BeneficiaryRequest")
            {
                return JsonSerializer.SerializeToNode(Partners.Registration());
            }

            return SampleBody(schemas[name]!, schemas, depth + 1);
        }

        var types = schema["type"] switch
        {
            JsonArray many => many.Select(t => (string?)t).ToList(),
            JsonValue one => [(string?)one],
            _ => [],
        };
        if (schema["enum"] is JsonArray values && values.Count > 0)
        {
            return values[0]!.DeepClone();
        }

        if (types.Contains("object") || schema["properties"] is not null)
        {
            var result = new JsonObject();
            foreach (var (name, property) in schema["properties"] as JsonObject ?? [])
            {
                result[name] = SampleBody(property!, schemas, depth + 1);
            }

            return result;
        }

        if (types.Contains("array"))
        {
            return schema["items"] is { } items ? new JsonArray(SampleBody(items, schemas, depth + 1)) : new JsonArray();
        }

        if (types.Contains("integer") || types.Contains("number"))
        {
            return 1;
        }

        if (types.Contains("boolean"))
        {
            return true;
        }

        return (string?)schema["format"] switch
        {
            "date" => "2026-01-31",
            "date-time" => "2026-01-31T10:00:00Z",
            "uuid" => Guid.NewGuid().ToString(),
            _ => "fuzz",
        };
    }

    /// <summary>Every field of a body by its path ("consent.scope[0]").</summary>
    private static IEnumerable<(string Path, JsonNode? Value)> Fields(JsonNode? node, string prefix)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var path = prefix.Length == 0 ? name : prefix + "." + name;
                    yield return (path, value);
                    foreach (var inner in Fields(value, path))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray array when array.Count > 0:
                yield return (prefix + "[0]", array[0]);
                foreach (var inner in Fields(array[0], prefix + "[0]"))
                {
                    yield return inner;
                }

                break;
        }
    }

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        JsonNode current = root;
        var segments = path.Replace("[0]", ".#0").Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            if (segments[i] == "#0")
            {
                var array = current.AsArray();
                if (last) array[0] = value;
                else current = array[0]!;
            }
            else
            {
                var obj = current.AsObject();
                if (last) obj[segments[i]] = value;
                else current = obj[segments[i]]!;
            }
        }
    }
}
