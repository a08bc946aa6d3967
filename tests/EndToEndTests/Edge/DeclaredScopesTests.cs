using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

namespace JusticePlatform.EndToEndTests.Edge;

public sealed class DeclaredScopesFixture : PlatformFixture
{
    protected override PlatformOptions Options => new()
    {
        Gateway = true,
        Grievances = true,
        Funding = true,
        // Every operation eleven times over: more than a partner's minute of requests.
        GatewaySettings = { ["RateLimiting:PermitLimit"] = "100000" },
    };
}

/// <summary>
/// The gathered document's security requirements as an integrator's generated client reads them,
/// against what the platform does: every operation, called through the gateway with a token of
/// each single scope that exists.
/// </summary>
public sealed class DeclaredScopesTests(DeclaredScopesFixture fixture) : IClassFixture<DeclaredScopesFixture>
{
    private readonly TestPlatform _platform = fixture.Platform;

    [Fact]
    public async Task Every_operation_lets_in_exactly_the_single_scopes_its_document_lists()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).Where(o => o.Operation["security"] is JsonArray { Count: > 0 }).ToList();
        var wrong = new List<string>();

        Assert.True(operations.Count > 100, $"only {operations.Count} secured operations");
        foreach (var (scope, index) in Scopes.All.Select((scope, index) => (scope, index)))
        {
            // The admin scope is granted only to the platform's own clients.
            using var client = await _platform.ThroughGatewayAsync(scope == Scopes.Admin ? "platform" : $"scope-probe-{index}", scope);
            foreach (var (path, method, operation) in operations)
            {
                var listed = Listed(operation, scope);
                using var response = await client.SendAsync(Probe(path, method, operation));
                var status = (int)response.StatusCode;
                if (listed && status is 401 or 403)
                {
                    wrong.Add($"{method.ToUpperInvariant()} {path} with only {scope}: {status}, but the document lists the scope");
                }
                else if (!listed && status != 403)
                {
                    wrong.Add($"{method.ToUpperInvariant()} {path} with only {scope}: {status}, but the document does not list the scope");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} answers differ from the document:\n" + string.Join('\n', wrong));
    }

    [Fact]
    public async Task The_security_scheme_lists_every_scope_a_client_can_be_granted()
    {
        var document = await DocumentAsync();

        var listed = document["components"]!["securitySchemes"]!["partner-token"]!["flows"]!["clientCredentials"]!["scopes"]!.AsObject()
            .Select(s => s.Key).Order().ToList();

        Assert.Equal(Scopes.All.Order(), listed);
    }

    /// <summary>Whether one of the operation's security requirements is met by a token holding only <paramref name="scope"/>.</summary>
    private static bool Listed(JsonObject operation, string scope) =>
        operation["security"]!.AsArray().OfType<JsonObject>().Any(requirement =>
            requirement["partner-token"] is JsonArray needed && needed.All(s => (string?)s == scope));

    /// <summary>
    /// A request a scope check must judge on its own: unknown ids in the path, an empty JSON object
    /// as body. A refused scope is answered 403 before any of it is looked at; an allowed one gets
    /// 400, 404, 409, 415 or 428 (or a success) from the operation itself.
    /// </summary>
    private static HttpRequestMessage Probe(string path, string method, JsonObject operation)
    {
        var concrete = System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", _ => Guid.NewGuid().ToString());
        var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), concrete);
        if (operation["requestBody"] is not null)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return request;
    }

    private async Task<JsonObject> DocumentAsync()
    {
        using var gateway = new HttpClient { BaseAddress = _platform.Gateway!.Address };
        return await GatheredDocument.ReadAsync(gateway);
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(op => op.Key is "get" or "post" or "put" or "delete" or "patch")
            .Select(op => (path.Key, op.Key, op.Value!.AsObject())));
}

/// <summary>A caller without a token learns that first: nothing of its request is judged before it is authenticated.</summary>
public sealed class UnauthenticatedInputTests(DeclaredScopesFixture fixture) : IClassFixture<DeclaredScopesFixture>
{
    private readonly TestPlatform _platform = fixture.Platform;

    public static TheoryData<string, string, string?> BadRequests => new()
    {
        // A string holding a control character, which the request checks refuse.
        { "POST", "/api/v1/beneficiaries", "{\"givenName\":\"A\\u0001\"}" },
        // A list holding a null.
        { "POST", "/api/v1/grievances/cases", "{\"categories\":[null]}" },
        // A body that is not JSON at all.
        { "POST", "/api/v1/funding/organisations", "{\"name\":" },
        // An upload in a content type the endpoint does not take.
        { "POST", "/api/v1/activities/programs/iati/imports", "{}" },
        // A typed query value that is not of its type.
        { "GET", "/api/v1/beneficiaries?page=first", null },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_request_without_a_token_is_refused_401_at_a_service_before_its_input_is_checked(string method, string path, string? body)
    {
        var service = path.Split('/')[3] switch
        {
            "grievances" => (IServiceHost)_platform.Grievances!,
            "funding" => _platform.Funding!,
            "activities" => _platform.Activities!,
            _ => _platform.Beneficiaries,
        };
        using var client = service.CreateHttpClient();

        using var response = await client.SendAsync(Request(method, path, body));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_request_without_a_token_is_refused_401_at_the_gateway_before_its_input_is_checked(string method, string path, string? body)
    {
        using var gateway = new HttpClient { BaseAddress = _platform.Gateway!.Address };

        using var response = await gateway.SendAsync(Request(method, path + (path.Contains('?') ? "&" : "?") + "note=%01", body));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_without_the_scope_is_refused_403_before_the_input_is_checked()
    {
        using var client = _platform.Beneficiaries.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _platform.TokenAsync("input-probe", Scopes.FundingRead));

        using var response = await client.SendAsync(Request("POST", "/api/v1/beneficiaries", "{\"givenName\":\"A\\u0001\"}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static HttpRequestMessage Request(string method, string path, string? body) =>
        new(new HttpMethod(method), path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
}
