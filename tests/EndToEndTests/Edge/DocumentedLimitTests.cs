using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

namespace JusticePlatform.EndToEndTests.Edge;

/// <summary>
/// The limits and rate-limit headers the gathered OpenAPI document declares are the ones the
/// platform enforces and sends, through the gateway, as an integrator reading only the document
/// would rely on them.
/// </summary>
public sealed class DocumentedLimitTests(ApiContractFixture fixture) : IClassFixture<ApiContractFixture>
{
    private static readonly string[] ServicesWithBodies = ["identity", "beneficiaries", "activities", "grievances", "funding"];

    private readonly TestPlatform _platform = fixture.Platform;

    [Fact]
    public async Task A_documented_maxLength_accepts_a_value_at_the_limit_and_refuses_one_past_it_naming_the_field_in_every_service()
    {
        using var gateway = _platform.Raw();
        var document = await GatheredDocumentAsync(gateway);
        using var admin = await _platform.AdministratorAsync();
        var partnerScopes = document["components"]!["securitySchemes"]!["partner-token"]!["flows"]!["clientCredentials"]!["scopes"]!.AsObject()
            .Select(scope => scope.Key).Where(scope => scope is not Scopes.Admin).ToArray();
        var issued = await admin.RegisterClientAsync("limits-partner", partnerScopes);
        using var partner = _platform.Raw();
        partner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await partner.TokenAsync(issued.ClientId, issued.ClientSecret));

        var checkedPerService = new Dictionary<string, int>();
        var failures = new List<string>();
        foreach (var sample in Samples(document))
        {
            var client = sample.NeedsAdmin ? admin : partner;
            var atLimit = await SendAsync(client, sample, new string('a', sample.MaxLength));
            if (atLimit.Status == HttpStatusCode.BadRequest && atLimit.Fields.Contains(sample.Property))
            {
                failures.Add($"{sample.Path} {sample.Property}: {sample.MaxLength} characters refused ({atLimit.Body})");
            }

            var pastLimit = await SendAsync(client, sample, new string('a', sample.MaxLength + 1));
            if (pastLimit.Status != HttpStatusCode.BadRequest || !pastLimit.Fields.Contains(sample.Property))
            {
                failures.Add($"{sample.Path} {sample.Property}: {sample.MaxLength + 1} characters answered {(int)pastLimit.Status} ({pastLimit.Body})");
            }

            checkedPerService[sample.Service] = checkedPerService.GetValueOrDefault(sample.Service) + 1;
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.All(ServicesWithBodies, service => Assert.True(checkedPerService.GetValueOrDefault(service) >= 2, $"{service}: too few limits checked"));
    }

    [Fact]
    public async Task Every_operation_documents_the_rate_limit_headers_the_gateway_sends_and_a_429_problem_with_Retry_After()
    {
        using var gateway = _platform.Raw();
        var document = await GatheredDocumentAsync(gateway);
        using var admin = await _platform.AdministratorAsync();
        var read = await admin.GetAsync("/api/v1/identity/partners");

        foreach (var header in new[] { "RateLimit-Policy", "RateLimit" })
        {
            Assert.True(read.Headers.Contains(header), $"the gateway did not send {header}");
        }

        var operations = document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(op => op.Key is "get" or "post" or "put" or "delete" or "patch")
            .Select(op => (Name: $"{op.Key} {path.Key}", Responses: op.Value!["responses"]!.AsObject()))).ToList();
        Assert.NotEmpty(operations);
        foreach (var (name, responses) in operations)
        {
            var tooMany = responses["429"];
            Assert.True(tooMany?["content"]?["application/problem+json"] is not null, $"{name}: no 429 problem");
            Assert.True(tooMany!["headers"]?["Retry-After"] is not null, $"{name}: 429 without Retry-After");
            foreach (var (status, answer) in responses.Where(r => r.Key[0] is '2' or '4'))
            {
                foreach (var header in new[] { "RateLimit-Policy", "RateLimit" })
                {
                    Assert.True(answer!["headers"]?[header] is not null, $"{name} {status}: no {header}");
                }
            }
        }
    }

    private static Task<JsonObject> GatheredDocumentAsync(HttpClient gateway) => GatheredDocument.ReadAsync(gateway);

    private sealed record Sample(string Service, string Path, string Property, int MaxLength, JsonObject Example, bool NeedsAdmin);

    /// <summary>
    /// Up to three free-text properties (a documented maxLength of 30 or more, no enum, format or
    /// pattern) of the JSON bodies each service creates with, as their examples fill them in, from the document alone.
    /// </summary>
    private static IEnumerable<Sample> Samples(JsonObject document)
    {
        var schemas = document["components"]!["schemas"]!.AsObject();
        var found = new List<Sample>();
        foreach (var (path, item) in document["paths"]!.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var service = path.Split('/') is [_, "api", "v1", var name, ..] ? name : null;
            if (service is null || path.Contains('{', StringComparison.Ordinal) || item!["post"] is not JsonObject post
                || post["requestBody"]?["content"]?["application/json"] is not JsonObject media
                || (media["example"] ?? media["examples"]?.AsObject().FirstOrDefault().Value?["value"]) is not JsonObject example)
            {
                continue;
            }

            var schema = Resolve(media["schema"], schemas);
            var needsAdmin = post["security"]?.AsArray().Any(s => s?["partner-token"]?.AsArray().Any(scope => (string?)scope == Scopes.Admin) == true) == true;
            // Each property of the body, and of the objects it holds ("survivor.name").
            var properties = (schema?["properties"]?.AsObject() ?? []).SelectMany(top =>
                (Resolve(top.Value, schemas)?["properties"]?.AsObject() ?? []).Select(inner => (Name: $"{top.Key}.{inner.Key}", Definition: inner.Value))
                    .Prepend((Name: top.Key, Definition: top.Value)));
            foreach (var (property, definition) in properties)
            {
                if (At(example, property) is JsonValue && definition is JsonObject limits && (int?)limits["maxLength"] is >= 30 and <= 100_000 && limits["enum"] is null
                    && limits["format"] is null && limits["pattern"] is null && found.Count(s => s.Service == service) < 3)
                {
                    found.Add(new Sample(service, path, property, (int)limits["maxLength"]!, example, needsAdmin));
                }
            }
        }

        return found;
    }

    private static JsonNode? At(JsonObject body, string property) =>
        property.Split('.') is [var outer, var inner] ? body[outer]?[inner] : body[property];

    /// <summary>A schema, through its reference (a nullable one is a oneOf of null and the reference).</summary>
    private static JsonObject? Resolve(JsonNode? schema, JsonObject schemas) =>
        (string?)(schema?["$ref"] ?? schema?["oneOf"]?.AsArray().FirstOrDefault(s => s?["$ref"] is not null)?["$ref"]) is { } reference
            ? schemas[reference.Split('/')[^1]]?.AsObject()
            : schema as JsonObject;

    private static async Task<(HttpStatusCode Status, HashSet<string> Fields, string Body)> SendAsync(HttpClient client, Sample sample, string value)
    {
        var body = sample.Example.DeepClone().AsObject();
        if (sample.Property.Split('.') is [var outer, var inner])
        {
            body[outer]![inner] = value;
        }
        else
        {
            body[sample.Property] = value;
        }

        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        var response = await client.PostAsync(sample.Path, content);
        var text = await response.Content.ReadAsStringAsync();
        var fields = new HashSet<string>(StringComparer.Ordinal);
        if (response.StatusCode == HttpStatusCode.BadRequest && JsonDocument.Parse(text).RootElement.TryGetProperty("errors", out var errors))
        {
            fields.UnionWith(errors.EnumerateObject().Select(e => e.Name));
        }

        return (response.StatusCode, fields, text);
    }
}
