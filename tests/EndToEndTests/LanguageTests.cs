using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

namespace JusticePlatform.EndToEndTests;

public sealed class LanguagePlatform : PlatformFixture
{
    protected override PlatformOptions Options => new() { Gateway = true, Grievances = true, Funding = true };
}

/// <summary>
/// Through the gateway, as a partner in Mali reaches the platform: every service answers in French
/// when asked, lists its code lists in both languages (the values it accepts, no more, no fewer),
/// and refuses a body property it does not know, naming it.
/// </summary>
public sealed class LanguageTests(LanguagePlatform fixture) : IClassFixture<LanguagePlatform>
{
    private readonly TestPlatform _platform = fixture.Platform;

    public static TheoryData<string> Services => ["beneficiaries", "activities", "grievances", "funding", "identity"];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Each_service_answers_a_validation_problem_in_French_through_the_gateway(string service)
    {
        using var client = await ClientAsync(service);
        var (method, path, body, field, message) = service switch
        {
            "beneficiaries" => (HttpMethod.Post, "/api/v1/beneficiaries", JsonSerializer.Serialize(Samples.Person(sex: "femme")), "sex",
                "n'est pas l'une des valeurs : female, male, other, unknown."),
            "activities" => (HttpMethod.Get, "/api/v1/activities?status=party", null, "status",
                "n'est pas l'une des valeurs : planned, in_progress, completed, cancelled."),
            "grievances" => (HttpMethod.Get, "/api/v1/grievances/cases?riskLevel=extreme", null, "riskLevel",
                "n'est pas l'une des valeurs : low, medium, high."),
            "funding" => (HttpMethod.Get, "/api/v1/funding/conversions?amount=1&currency=USD&to=ABC&valueDate=2026-01-01", null, "to",
                "n'est pas un code de devise ISO 4217."),
            _ => (HttpMethod.Post, "/api/v1/identity/partners", """{"id":"Pas Un Id","name":"X"}""", "id",
                "doit être des lettres minuscules, des chiffres et des tirets, par exemple « stop-sahel »."),
        };

        var problem = await FrenchProblemAsync(client, method, path, body, HttpStatusCode.BadRequest);

        Assert.Equal("La requête n'est pas valide.", problem.GetProperty("title").GetString());
        Assert.Equal(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task The_gateway_answers_its_own_problems_in_French()
    {
        using var client = await ClientAsync("beneficiaries");

        var problem = await FrenchProblemAsync(client, HttpMethod.Get, "/api/v1/beneficiaries?q=" + new string('a', 9000), null, HttpStatusCode.RequestUriTooLong);

        Assert.Equal("L'URL est trop longue", problem.GetProperty("title").GetString());
        Assert.Equal("Le chemin et la requête peuvent contenir au plus 8192 caractères.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Each_service_lists_its_code_lists_with_English_and_French_labels_and_the_label_of_the_asked_language(string service)
    {
        using var client = await ClientAsync(service);

        var french = await CodeListsAsync(client, service, "fr");
        var english = await CodeListsAsync(client, service, null);

        Assert.True(french.GetArrayLength() > 0, $"{service} lists no code list");
        foreach (var list in french.EnumerateArray())
        {
            var values = list.GetProperty("values").EnumerateArray().ToList();
            Assert.NotEmpty(values);
            foreach (var value in values)
            {
                Assert.False(string.IsNullOrWhiteSpace(value.GetProperty("en").GetString()), $"{list}: an English label");
                Assert.False(string.IsNullOrWhiteSpace(value.GetProperty("fr").GetString()), $"{list}: a French label");
                Assert.Equal(value.GetProperty("fr").GetString(), value.GetProperty("label").GetString());
            }
        }

        Assert.All(english.EnumerateArray().SelectMany(l => l.GetProperty("values").EnumerateArray()),
            value => Assert.Equal(value.GetProperty("en").GetString(), value.GetProperty("label").GetString()));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Each_value_of_a_code_list_is_accepted_and_a_value_outside_it_is_refused(string service)
    {
        using var client = await ClientAsync(service);
        var (list, probe) = Probes[service];
        var answer = await client.GetFromJsonAsync<JsonElement>($"/api/v1/{service}/code-lists/{list}");
        var values = answer.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("value").GetString()!).ToList();

        Assert.NotEmpty(values);
        foreach (var value in values)
        {
            var accepted = await probe(client, value);
            Assert.True(accepted.StatusCode != HttpStatusCode.BadRequest,
                $"{list} lists '{value}' but {service} refuses it: {await accepted.Content.ReadAsStringAsync()}");
        }

        var refused = await probe(client, "not_in_the_list");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task A_code_list_the_service_does_not_have_is_a_404()
    {
        using var client = await ClientAsync("beneficiaries");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/beneficiaries/code-lists/no-such-list")).StatusCode);
    }

    [Theory]
    [InlineData("beneficiaries", "/api/v1/beneficiaries", """{"givenName":"Awa","nickname":"Awa T."}""", "nickname")]
    [InlineData("activities", "/api/v1/activities/programs", """{"code":"X-1","budget":1000}""", "budget")]
    [InlineData("grievances", "/api/v1/grievances/cases", """{"sex":"female","survivor":{"name":"A","nom":"B"}}""", "survivor.nom")]
    [InlineData("funding", "/api/v1/funding/organisations", """{"name":"UNHCR","acronym":"HCR"}""", "acronym")]
    [InlineData("identity", "/api/v1/identity/partners", """{"id":"unknown-prop","name":"X","country":"ML"}""", "country")]
    public async Task Each_service_refuses_a_body_property_it_does_not_know_naming_it(string service, string path, string body, string field)
    {
        using var client = await ClientAsync(service);

        var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {json}");
        var errors = JsonDocument.Parse(json).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"the problem names {field}: {json}");
        Assert.Equal("is not a property of this request.", messages[0].GetString());
    }

    /// <summary>Per service, a code list and a request that sends one of its values where the service checks it.</summary>
    private static readonly Dictionary<string, (string List, Func<HttpClient, string, Task<HttpResponseMessage>> Probe)> Probes = new()
    {
        ["beneficiaries"] = ("displacementStatus", (client, value) => client.PostAsJsonAsync("/api/v1/beneficiaries",
            Samples.Person(givenName: "Codelist", displacement: value))),
        ["activities"] = ("activityType", (client, value) => client.GetAsync($"/api/v1/activities?type={value}")),
        ["grievances"] = ("riskLevel", (client, value) => client.GetAsync($"/api/v1/grievances/cases?riskLevel={value}")),
        ["funding"] = ("currency", (client, value) => client.GetAsync($"/api/v1/funding/conversions?amount=1&currency={value}&to=EUR&valueDate=2026-01-01")),
        ["identity"] = ("scope", (client, value) => client.PostAsJsonAsync("/api/v1/identity/partners/platform/clients",
            new { displayName = "code list probe", scopes = new[] { value } })),
    };

    private Task<HttpClient> ClientAsync(string service) => service switch
    {
        "beneficiaries" => _platform.ThroughGatewayAsync("lang-e2e", Scopes.BeneficiariesRead, Scopes.BeneficiariesWrite),
        "activities" => _platform.ThroughGatewayAsync("lang-e2e", Scopes.ActivitiesRead, Scopes.ActivitiesWrite),
        "grievances" => _platform.ThroughGatewayAsync("lang-e2e", Scopes.GrievancesRead, Scopes.GrievancesCasework),
        "funding" => _platform.ThroughGatewayAsync("lang-e2e", Scopes.FundingRead, Scopes.FundingWrite),
        _ => _platform.ThroughGatewayAsync("platform", Scopes.Admin),
    };

    private static async Task<JsonElement> CodeListsAsync(HttpClient client, string service, string? language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/{service}/code-lists");
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([language ?? "en"], response.Content.Headers.ContentLanguage);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> FrenchProblemAsync(HttpClient client, HttpMethod method, string path, string? body, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.AcceptLanguage.ParseAdd("fr");
        var response = await client.SendAsync(request);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {json}");
        Assert.Equal(["fr"], response.Content.Headers.ContentLanguage);
        return JsonDocument.Parse(json).RootElement;
    }
}
