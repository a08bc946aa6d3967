using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

namespace JusticePlatform.IntegrationTests.Texts;

/// <summary>Each service answers its problems and validation messages in French when asked, and in English otherwise.</summary>
public sealed class FrenchAnswersTests(FrenchAnswersTests.Platform fixture) : IClassFixture<FrenchAnswersTests.Platform>
{
    private readonly TestPlatform _platform = fixture.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Grievances = true, Funding = true };
    }

    [Fact]
    public async Task Beneficiaries_answers_a_validation_message_in_French()
    {
        using var client = await _platform.ClientAsync(_platform.Beneficiaries, "lang-b1", Scopes.BeneficiariesWrite, Scopes.BeneficiariesRead);

        var response = await client.SendAsync(French(HttpMethod.Post, "/api/v1/beneficiaries", JsonSerializer.Serialize(Samples.Person(sex: "femme"))));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("La requête n'est pas valide.", problem.GetProperty("title").GetString());
        Assert.Equal("n'est pas l'une des valeurs : female, male, other, unknown.", problem.GetProperty("errors").GetProperty("sex")[0].GetString());
    }

    [Fact]
    public async Task Beneficiaries_answers_a_refusal_with_a_French_title_and_detail()
    {
        using var client = await _platform.ClientAsync(_platform.Beneficiaries, "lang-b2", Scopes.BeneficiariesWrite, Scopes.BeneficiariesRead);
        var id = await client.CreateBeneficiaryAsync(Samples.Person());

        var response = await client.SendAsync(French(HttpMethod.Put, $"/api/v1/beneficiaries/{id}", JsonSerializer.Serialize(Samples.Person())));

        var problem = await ProblemAsync(response, HttpStatusCode.PreconditionRequired);
        Assert.Equal("If-Match est obligatoire", problem.GetProperty("title").GetString());
        Assert.Equal("Lisez d'abord la fiche « bénéficiaire » et envoyez son ETag dans If-Match, afin de n'écraser la modification de personne.",
            problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Beneficiaries_answers_in_English_without_Accept_Language_and_for_a_language_it_does_not_speak()
    {
        using var client = await _platform.ClientAsync(_platform.Beneficiaries, "lang-b3", Scopes.BeneficiariesWrite, Scopes.BeneficiariesRead);

        foreach (var language in new[] { null, "de-DE", "bm" })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/beneficiaries") { Content = Json(JsonSerializer.Serialize(Samples.Person(sex: "femme"))) };
            if (language is not null)
            {
                request.Headers.AcceptLanguage.ParseAdd(language);
            }

            var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(["en"], response.Content.Headers.ContentLanguage);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("The request is not valid.", problem.GetProperty("title").GetString());
            Assert.Equal("is not one of: female, male, other, unknown.", problem.GetProperty("errors").GetProperty("sex")[0].GetString());
        }
    }

    [Fact]
    public async Task Activities_answers_a_refusal_and_a_validation_message_in_French()
    {
        using var client = await _platform.ClientAsync(_platform.Activities!, "lang-a1", Scopes.ActivitiesWrite, Scopes.ActivitiesRead);
        var program = """
            {"code":"LANG-1","titleFr":"Accès à la justice","titleEn":"Access to justice","members":[],"funderIds":["XM-DAC-41146"],
             "sectorCodes":["15130"],"communePcodes":["ML0602"],"startDate":"2026-01-01","endDate":"2027-12-31"}
            """;
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/v1/activities/programs", Json(program))).StatusCode);

        var again = await ProblemAsync(await client.SendAsync(French(HttpMethod.Post, "/api/v1/activities/programs", program)), HttpStatusCode.Conflict);
        var invalid = await ProblemAsync(await client.SendAsync(French(HttpMethod.Post, "/api/v1/activities", """
            {"programId":"0193a5c7-2b1c-7d40-8e5f-6a7b8c9d0e1f","title":"Fête","type":"party","communePcode":"ML060201","plannedStart":"2026-03-02","plannedEnd":"2026-03-01"}
            """)), HttpStatusCode.BadRequest);

        Assert.Equal("Un programme avec ce code existe", again.GetProperty("title").GetString());
        Assert.Equal("Votre organisation est déjà chef de file d'un programme avec ce code.", again.GetProperty("detail").GetString());
        Assert.StartsWith("n'est pas l'une des valeurs : training, ", invalid.GetProperty("errors").GetProperty("type")[0].GetString());
        Assert.Equal("ne doit pas être antérieur à plannedStart.", invalid.GetProperty("errors").GetProperty("plannedEnd")[0].GetString());
    }

    [Fact]
    public async Task Grievances_answers_a_refusal_and_a_validation_message_in_French()
    {
        using var client = await _platform.ClientAsync(_platform.Grievances!, "lang-g1", Scopes.GrievancesRead, Scopes.GrievancesCasework);
        var opened = await client.PostAsJsonAsync("/api/v1/grievances/cases", new
        {
            survivor = new { name = "Aminata Touré", phone = "76123456", address = "Quartier Abaradjou" },
            sex = "female", ageAtRegistration = 16, riskLevel = "high", caseWorker = "cw-07",
            consent = new { services = true, referral = true, reporting = true },
        });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var move = French(HttpMethod.Post, $"/api/v1/grievances/cases/{caseId}/status", """{"status":"services_implemented"}""");
        move.Headers.IfMatch.Add(opened.Headers.ETag!);
        var step = await ProblemAsync(await client.SendAsync(move), HttpStatusCode.Conflict);
        var statistics = await ProblemAsync(await client.SendAsync(French(HttpMethod.Get, "/api/v1/grievances/statistics?month=2026-10&scope=own&allPartners=true")),
            HttpStatusCode.BadRequest);

        Assert.Equal("Le circuit de traitement ne permet pas cette étape", step.GetProperty("title").GetString());
        Assert.Equal("Un dossier à l'état « new » peut passer à : assessment, closed.", step.GetProperty("detail").GetString());
        Assert.Equal("own ne peut pas être demandé avec allPartners=true.", statistics.GetProperty("errors").GetProperty("scope")[0].GetString());
    }

    [Fact]
    public async Task Funding_answers_a_refusal_and_a_validation_message_in_French()
    {
        using var client = await _platform.ClientAsync(_platform.Funding!, "lang-f1", Scopes.FundingRead, Scopes.FundingWrite);

        var missing = await ProblemAsync(await client.SendAsync(French(HttpMethod.Get, "/api/v1/funding/conversions?amount=100&currency=USD&to=EUR&valueDate=1990-01-01")),
            HttpStatusCode.UnprocessableEntity);
        var invalid = await ProblemAsync(await client.SendAsync(French(HttpMethod.Get, "/api/v1/funding/conversions?amount=100&currency=USD&to=ABC&valueDate=2026-01-01")),
            HttpStatusCode.BadRequest);

        Assert.Equal("Aucun taux de change pour cette conversion", missing.GetProperty("title").GetString());
        Assert.Equal("Aucun taux de change USD/EUR au 1990-01-01 ou avant. Saisissez-en un à /api/v1/funding/exchange-rates.", missing.GetProperty("detail").GetString());
        Assert.Equal("n'est pas un code de devise ISO 4217.", invalid.GetProperty("errors").GetProperty("to")[0].GetString());
    }

    [Fact]
    public async Task Identity_answers_a_refusal_and_a_validation_message_in_French()
    {
        using var admin = await _platform.IdentityAdminAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/identity/partners", Json("""{"id":"lang-dup","name":"Dup"}"""))).StatusCode);

        var twice = await ProblemAsync(await admin.SendAsync(French(HttpMethod.Post, "/api/v1/identity/partners", """{"id":"lang-dup","name":"Dup"}""")),
            HttpStatusCode.Conflict);
        var invalid = await ProblemAsync(await admin.SendAsync(French(HttpMethod.Post, "/api/v1/identity/partners", """{"id":"Not An Id","name":"X"}""")),
            HttpStatusCode.BadRequest);

        Assert.Equal("Le partenaire existe déjà", twice.GetProperty("title").GetString());
        Assert.Equal("Un partenaire avec l'identifiant « lang-dup » est enregistré.", twice.GetProperty("detail").GetString());
        Assert.Equal("doit être des lettres minuscules, des chiffres et des tirets, par exemple « stop-sahel ».",
            invalid.GetProperty("errors").GetProperty("id")[0].GetString());
    }

    [Fact]
    public async Task A_body_property_the_operation_does_not_know_is_refused_naming_it_and_nothing_is_stored()
    {
        using var client = await _platform.ClientAsync(_platform.Beneficiaries, "lang-b4", Scopes.BeneficiariesWrite, Scopes.BeneficiariesRead);
        var body = JsonSerializer.Serialize(Samples.Person()).Replace("\"consent\":{", "\"consent\":{\"sigend\":true,", StringComparison.Ordinal);

        var response = await client.SendAsync(French(HttpMethod.Post, "/api/v1/beneficiaries", body));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("n'est pas une propriété de cette requête.", problem.GetProperty("errors").GetProperty("consent.sigend")[0].GetString());
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/beneficiaries");
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    private static HttpRequestMessage French(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Json(json) };
        request.Headers.AcceptLanguage.ParseAdd("fr-ML, fr;q=0.9, en;q=0.5");
        return request;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The problem of a French answer: the expected status, and Content-Language fr.</summary>
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["fr"], response.Content.Headers.ContentLanguage);
        return JsonDocument.Parse(body).RootElement;
    }
}
