using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

/// <summary>Every case writes nothing, so the cases share one platform and "nothing stored" holds across all of them.</summary>
public sealed class RegistrationValidationTests(RegistrationValidationTests.Platform platform)
    : IClassFixture<RegistrationValidationTests.Platform>, IAsyncLifetime
{
    private const string Valid = """
        "givenName":"Aminata","familyName":"Maïga","sex":"female","birthDate":"1994-03-12","displacementStatus":"idp","communePcode":"ML060201"
        """;

    private readonly TestPlatform _platform = platform.Platform;
    private HttpClient _beneficiaries = null!;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true };
    }

    public async Task InitializeAsync() => _beneficiaries = await _platform.PartnerAsync("amss");

    public Task DisposeAsync()
    {
        _beneficiaries.Dispose();
        return Task.CompletedTask;
    }

    public static TheoryData<string, string> BadFields => new()
    {
        { """{"familyName":"Maïga","sex":"female","birthDate":"1994-03-12","displacementStatus":"idp","communePcode":"ML060201","consent":{"given":true}}""", "givenName" },
        { """{"givenName":"A","familyName":"B","sex":"femme","birthDate":"1994-03-12","displacementStatus":"idp","communePcode":"ML060201","consent":{"given":true}}""", "sex" },
        { """{"givenName":"A","familyName":"B","sex":"female","birthDate":"1994-03-12","displacementStatus":"nomad","communePcode":"ML060201","consent":{"given":true}}""", "displacementStatus" },
        { "{" + Valid + ""","disability":{"walking":7},"consent":{"given":true}}""", "disability.walking" },
        { "{" + Valid + ""","vulnerabilities":["rich"],"consent":{"given":true}}""", "vulnerabilities[0]" },
        { "{" + Valid + ""","kind":"tribe","consent":{"given":true}}""", "kind" },
        { """{"givenName":"A","familyName":"B","sex":"female","birthDate":"1994-03-12","displacementStatus":"idp","communePcode":"Goundam","consent":{"given":true}}""", "communePcode" },
        { """{"givenName":"A","familyName":"B","sex":"female","birthDate":"1994-03-12","displacementStatus":"idp","communePcode":"ML069999","consent":{"given":true}}""", "communePcode" },
        { """{"givenName":"A","familyName":"B","sex":"female","birthDate":"2999-01-01","displacementStatus":"idp","communePcode":"ML060201","consent":{"given":true}}""", "birthDate" },
        { """{"givenName":"A","familyName":"B","sex":"female","birthDate":"1850-01-01","displacementStatus":"idp","communePcode":"ML060201","consent":{"given":true}}""", "birthDate" },
        { """{"givenName":"A","familyName":"B","sex":"female","displacementStatus":"idp","communePcode":"ML060201","consent":{"given":true}}""", "birthDate" },
        { """{"givenName":"A","familyName":"B","sex":"female","estimatedAge":130,"displacementStatus":"idp","communePcode":"ML060201","consent":{"given":true}}""", "estimatedAge" },
        { "{" + Valid + ""","phone":"12","consent":{"given":true}}""", "phone" },
        { "{" + Valid + "}", "consent" },
        { "{" + Valid + ""","consent":{"given":false}}""", "consent.given" },
        { "{" + Valid + ""","consent":{"given":true,"scope":["everything"]}}""", "consent.scope[0]" },
        { """{"kind":"cooperative","groupName":"Coop","displacementStatus":"host","communePcode":"ML060201","consent":{"given":true}}""", "members" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Bad_input_is_a_400_problem_naming_the_field_and_nothing_is_stored_or_published(string body, string field)
    {
        var response = await _beneficiaries.PostAsync("/api/v1/beneficiaries", Gateway.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem names {field}: {problem}");
        Assert.Equal(0, await _platform.BeneficiariesDb(db => db.Beneficiaries.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).CountAsync()));
        Assert.Equal(0, await _platform.BeneficiariesDb(db => db.OutboxMessages.CountAsync()));
    }
}
