using System.Text.Json;
using System.Text.Json.Nodes;
using JusticePlatform.TestSupport;

namespace JusticePlatform.EndToEndTests.Edge;

public sealed class ApiContractFixture : PlatformFixture
{
    protected override PlatformOptions Options => new()
    {
        Gateway = true,
        Grievances = true,
        Funding = true,
        GatewaySettings = { ["Gateway:PublicAddress"] = GatewayEdgeFixture.PublicAddress },
    };
}

/// <summary>
/// The gathered OpenAPI document as a partner's code generator reads it. It is also written to
/// artifacts/openapi/platform.json, where scripts/lint-openapi.sh checks it with Redocly's rules.
/// </summary>
public sealed class ApiContractTests(ApiContractFixture fixture) : IClassFixture<ApiContractFixture>
{
    private readonly TestPlatform _platform = fixture.Platform;

    private async Task<JsonObject> DocumentAsync()
    {
        using var gateway = _platform.Raw();
        var text = await GatheredDocument.ReadTextAsync(gateway);
        var root = FindRepositoryRoot();
        if (root is not null)
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, "artifacts", "openapi"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "platform.json"), text);
        }

        return JsonNode.Parse(text)!.AsObject();
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(op => op.Key is "get" or "post" or "put" or "delete" or "patch")
            .Select(op => (path.Key, op.Key, op.Value!.AsObject())));

    [Fact]
    public async Task The_document_names_the_gateways_public_address_and_its_token_endpoint()
    {
        var document = await DocumentAsync();

        Assert.Equal(GatewayEdgeFixture.PublicAddress, (string?)document["servers"]![0]!["url"]);
        var flow = document["components"]!["securitySchemes"]!["partner-token"]!["flows"]!["clientCredentials"]!;
        Assert.Equal(GatewayEdgeFixture.PublicAddress + "/connect/token", (string?)flow["tokenUrl"]);
        Assert.Contains("beneficiaries.read", flow["scopes"]!.AsObject().Select(s => s.Key));
        Assert.Contains("admin", flow["scopes"]!.AsObject().Select(s => s.Key));
    }

    [Fact]
    public async Task Every_operation_has_a_unique_operation_id_a_summary_and_documented_problems()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToList();

        var ids = operations.Select(o => (string?)o.Operation["operationId"]).ToList();
        Assert.DoesNotContain(null, ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var (path, method, operation) in operations.Where(o => o.Path.StartsWith("/api/v1/beneficiaries", StringComparison.Ordinal) || o.Path.StartsWith("/api/v1/identity", StringComparison.Ordinal)))
        {
            Assert.False(string.IsNullOrEmpty((string?)operation["summary"]), $"{method} {path} has no summary");
            var responses = operation["responses"]!.AsObject();
            foreach (var status in new[] { "400", "401", "403", "429", "503" })
            {
                Assert.True(responses.ContainsKey(status), $"{method} {path} does not document {status}");
                Assert.NotNull(responses[status]!["content"]?["application/problem+json"]);
            }

            Assert.NotNull(operation["security"]![0]!["partner-token"]);
        }
    }

    [Fact]
    public async Task The_update_documents_If_Match_and_its_preconditions_and_the_read_its_ETag()
    {
        var document = await DocumentAsync();
        var update = document["paths"]!["/api/v1/beneficiaries/{id}"]!["put"]!;
        var read = document["paths"]!["/api/v1/beneficiaries/{id}"]!["get"]!;

        Assert.Contains(update["parameters"]!.AsArray(), p => (string?)p!["name"] == "If-Match" && (string?)p["in"] == "header");
        Assert.NotNull(update["responses"]!["412"]);
        Assert.NotNull(update["responses"]!["428"]);
        Assert.NotNull(read["responses"]!["200"]!["headers"]!["ETag"]);
        Assert.NotNull(read["responses"]!["304"]);
        var create = document["paths"]!["/api/v1/beneficiaries"]!["post"]!;
        Assert.Contains(create["parameters"]!.AsArray(), p => (string?)p!["name"] == "Idempotency-Key");
    }

    [Fact]
    public async Task Code_lists_are_enums_integers_are_plain_and_computed_members_are_gone()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();
        var request = schemas["BeneficiaryRequest"]!["properties"]!.AsObject();

        Assert.Contains("female", request["sex"]!["enum"]!.AsArray().Select(v => (string?)v));
        Assert.False(request.ContainsKey("kindOrDefault"));
        var json = document.ToJsonString();
        Assert.DoesNotContain("\"pattern\":\"^-?(?:0|[1-9]\\\\d*)$\"", json);
        Assert.DoesNotContain("[\"integer\",\"string\"]", json);
    }

    [Fact]
    public async Task Every_request_body_and_answer_has_an_example_and_problems_share_one_per_status()
    {
        var document = await DocumentAsync();
        var examples = document["components"]!["examples"]!.AsObject();
        var missing = new List<string>();

        foreach (var (path, method, operation) in Operations(document))
        {
            foreach (var (type, media) in operation["requestBody"]?["content"]?.AsObject() ?? [])
            {
                if (media!["example"] is null && media["examples"] is null)
                {
                    missing.Add($"{method} {path} request {type}");
                }
            }

            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                foreach (var (type, media) in response!["content"]?.AsObject() ?? [])
                {
                    if (type == "application/problem+json" && status is "400" or "401" or "403" or "404" or "409" or "412" or "422" or "428" or "429" or "503")
                    {
                        Assert.Equal($"#/components/examples/Problem{status}", (string?)media!["examples"]?["problem"]?["$ref"]);
                    }
                    else if (media!["example"] is null && media["examples"] is null)
                    {
                        missing.Add($"{method} {path} {status} {type}");
                    }
                }
            }
        }

        Assert.True(missing.Count == 0, "No example: " + string.Join(", ", missing));
        Assert.Equal(404, (int?)examples["Problem404"]!["value"]!["status"]);
        Assert.NotNull(examples["Problem400"]!["value"]!["errors"]);
        var registration = document["paths"]!["/api/v1/beneficiaries"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]!;
        Assert.Equal("Awa", (string?)registration["givenName"]);
        Assert.Null(registration["kindOrDefault"]);
    }

    [Fact]
    public async Task A_schema_two_services_name_alike_keeps_each_services_shape()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();

        // Beneficiaries' consent (given, date, scope) and Grievances' (services, referral, reporting) are both there.
        Assert.True(schemas["ConsentRequest"]!["properties"]!.AsObject().ContainsKey("given"));
        Assert.True(schemas["GrievancesConsentRequest"]!["properties"]!.AsObject().ContainsKey("referral"));
        Assert.DoesNotContain("#/components/schemas/Stream\"", document.ToJsonString());
        var import = schemas["ImportResponse"]!["properties"]!;
        Assert.Null(import["kind"]!["enum"]);
    }

    [Fact]
    public async Task No_string_example_is_its_own_property_name()
    {
        var document = await DocumentAsync();
        var echoes = new SortedSet<string>(StringComparer.Ordinal);

        void Walk(JsonNode? node, string? member, string where)
        {
            switch (node)
            {
                case JsonObject members:
                    foreach (var (name, value) in members)
                    {
                        Walk(value, name, where);
                    }

                    break;
                case JsonArray items:
                    foreach (var item in items)
                    {
                        Walk(item, member, where);
                    }

                    break;
                case JsonValue value when value.TryGetValue<string>(out var text) && member is not null && text == member:
                    echoes.Add($"{where}: {member}");
                    break;
            }
        }

        foreach (var (path, method, operation) in Operations(document))
        {
            foreach (var media in (operation["requestBody"]?["content"]?.AsObject() ?? []).Concat(
                         operation["responses"]!.AsObject().SelectMany(response => response.Value!["content"]?.AsObject() ?? [])))
            {
                Walk(media.Value!["example"], null, $"{method} {path}");
            }
        }

        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
        {
            Walk(schema!["examples"], null, name);
        }

        Assert.True(echoes.Count == 0, "Examples that repeat their property's name:\n" + string.Join("\n", echoes));
    }

    [Fact]
    public async Task Answers_document_the_values_the_server_gives_and_every_decimal_is_a_decimal_number()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();
        List<string> Enum(string schema, string property) =>
            schemas[schema]!["properties"]![property]!["enum"]?.AsArray().Select(v => (string)v!).ToList() ?? [];

        Assert.Equal<string>(["partner", "all_partners"], Enum("StatisticsResponse", "scope"));
        Assert.Equal<string>(["own", "partner", "all_partners"], Enum("IncidentStatistics", "scope"));
        Assert.Equal<string>(["country", "region", "cercle", "commune"], Enum("StatisticsResponse", "level"));
        Assert.Contains("assessment", Enum("CaseSummary", "status"));
        Assert.Contains("queued", Enum("ImportResponse", "status"));
        Assert.Contains("CREATE_AND_UPDATE", Enum("ImportResponse", "importStrategy"));
        Assert.Contains("denied", Enum("AuditEntry", "outcome"));
        var listCases = document["paths"]!["/api/v1/grievances/cases"]!["get"]!["parameters"]!.AsArray();
        Assert.Contains("case_plan", listCases.Single(p => (string?)p!["name"] == "status")!["schema"]!["enum"]!.AsArray().Select(v => (string?)v));

        var numbers = schemas.SelectMany(schema => (schema.Value!["properties"]?.AsObject() ?? [])
                .Where(property => property.Value!["type"]?.ToJsonString().Contains("number", StringComparison.Ordinal) == true)
                .Select(property => (Name: $"{schema.Key}.{property.Key}", Format: (string?)property.Value!["format"])))
            .ToList();
        Assert.Contains(numbers, n => n.Name == "MoneyRequest.amount");
        Assert.All(numbers, n => Assert.True(n.Format == "decimal", $"{n.Name} is a number of format {n.Format}"));
    }

    private static string? FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "JusticePlatform.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}

/// <summary>The API reference page as a field office without internet reaches it.</summary>
public sealed class ApiReferenceOfflineTests(ApiContractFixture fixture) : IClassFixture<ApiContractFixture>
{
    [Fact]
    public async Task The_reference_page_and_its_script_come_from_the_gateway_with_no_web_fonts_or_telemetry()
    {
        using var gateway = fixture.Platform.Raw();

        var page = await gateway.GetStringAsync("/docs/");

        var external = System.Text.RegularExpressions.Regex.Matches(page, "(?:src|href)=\"(https?:)?//[^\"]+\"").Select(m => m.Value).ToList();
        Assert.Empty(external);
        Assert.DoesNotContain("fonts.scalar.com", page);
        Assert.Contains("\"withDefaultFonts\":false", page.Replace(" ", ""));
        Assert.Contains("\"telemetry\":false", page.Replace(" ", ""));
        var script = System.Text.RegularExpressions.Regex.Match(page, "<script[^>]+src=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(script);
        Assert.True((await gateway.GetAsync(new Uri(new Uri(gateway.BaseAddress!, "/docs/"), script))).IsSuccessStatusCode, script);
    }
}
