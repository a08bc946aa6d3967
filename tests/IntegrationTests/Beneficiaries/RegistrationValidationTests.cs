using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

using JusticePlatform.TestSupport;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

public sealed class RegistrationValidationTests : IAsyncLifetime
{
    private TestPlatform _platform = null!;
    private HttpClient _beneficiaries = null!;

    public async Task InitializeAsync()
    {
        _platform = await TestPlatform.StartAsync(nameof(RegistrationValidationTests));
        _beneficiaries = await _platform.BeneficiariesClientAsync();
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    public static TheoryData<string, string> BadFields => new()
    {
        { """{"familyName":"Maïga","sex":"female","displacementStatus":"idp","communePcode":"ML060201","consent":{"given":true}}""", "givenName" },
        { """{"givenName":"A","familyName":"B","sex":"femme","displacementStatus":"idp","communePcode":"ML060201","consent":{"given":true}}""", "sex" },
        { """{"givenName":"A","familyName":"B","sex":"female","displacementStatus":"idp","communePcode":"Goundam","consent":{"given":true}}""", "communePcode" },
        { """{"givenName":"A","familyName":"B","sex":"female","birthDate":"2999-01-01","displacementStatus":"idp","communePcode":"ML060201","consent":{"given":true}}""", "birthDate" },
        { """{"givenName":"A","familyName":"B","sex":"female","displacementStatus":"idp","communePcode":"ML060201","consent":{"given":false}}""", "consent.given" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Bad_input_is_a_400_problem_naming_the_field_and_nothing_is_stored_or_published(string body, string field)
    {
        var response = await _beneficiaries.PostAsync("/api/v1/beneficiaries", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem names {field}: {problem}");
        Assert.Equal(0, await _platform.BeneficiariesDb(db => db.Beneficiaries.CountAsync()));
        Assert.Equal(0, await _platform.BeneficiariesDb(db => db.OutboxMessages.CountAsync()));
    }
}
