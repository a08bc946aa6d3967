using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

/// <summary>One platform for the class; each test that counts uses a partner of its own. Dated answers use a fixed clock.</summary>
public sealed class RegistrationTests(RegistrationTests.Platform platform) : IClassFixture<RegistrationTests.Platform>, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private readonly TestPlatform _platform = platform.Platform;
    private HttpClient _amss = null!;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Clock = new FakeTimeProvider(Now) };
    }

    public async Task InitializeAsync() => _amss = await _platform.PartnerAsync("amss");

    public Task DisposeAsync()
    {
        _amss.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_registration_is_stored_with_its_gazetteer_location_derived_age_band_and_disability_and_publishes_BeneficiaryRegistered()
    {
        var response = await _amss.PostAsJsonAsync("/api/v1/beneficiaries",
            Samples.Person("Fatoumata", "Touré", disability: new { seeing = 1, walking = 3 }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/beneficiaries/{id}", response.Headers.Location?.OriginalString);
        Assert.StartsWith("BEN-", created.GetProperty("code").GetString());
        Assert.Equal("18-59", created.GetProperty("ageBand").GetString());
        Assert.True(created.GetProperty("hasDisability").GetBoolean());
        Assert.Equal(("ML06", "ML0602"), (created.GetProperty("adm1Pcode").GetString(), created.GetProperty("adm2Pcode").GetString()));

        var read = await _amss.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaries/{id}");
        Assert.Equal("Fatoumata", read.GetProperty("givenName").GetString());
        var outbox = await _platform.BeneficiariesDb(db => db.OutboxMessages.SingleAsync(m => m.Body.Contains(id.ToString())));
        Assert.Equal("urn:message:justice:beneficiary-registered:v1", outbox.MessageType);
    }

    [Fact]
    public async Task A_group_is_registered_with_its_members_by_sex_and_age()
    {
        var created = await _amss.RegisterAsync(new
        {
            kind = "association",
            groupName = "Association des femmes de Goundam",
            displacementStatus = "host",
            communePcode = "ML060201",
            roles = new[] { "women_association_member" },
            members = new { femaleAdults = 25, femaleChildren = 3 },
            consent = new { given = true },
        });

        Assert.Equal(28, created.GetProperty("members").GetProperty("femaleAdults").GetInt32() + created.GetProperty("members").GetProperty("femaleChildren").GetInt32());
    }

    [Fact]
    public async Task An_update_with_the_current_ETag_succeeds_and_one_with_a_stale_ETag_is_412()
    {
        var created = await _amss.PostAsJsonAsync("/api/v1/beneficiaries", Samples.Person("Awa", "Cissé"));
        var location = created.Headers.Location!.OriginalString;
        var firstETag = created.Headers.ETag!;

        using var update = new HttpRequestMessage(HttpMethod.Put, location) { Content = JsonContent.Create(Samples.Person("Awa", "Cissé", displacement: "returnee")) };
        update.Headers.IfMatch.Add(firstETag);
        var updated = await _amss.SendAsync(update);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.NotEqual(firstETag, updated.Headers.ETag);

        using var stale = new HttpRequestMessage(HttpMethod.Put, location) { Content = JsonContent.Create(Samples.Person("Awa", "Cissé", displacement: "refugee")) };
        stale.Headers.IfMatch.Add(firstETag);
        var rejected = await _amss.SendAsync(stale);

        Assert.Equal(HttpStatusCode.PreconditionFailed, rejected.StatusCode);
        var current = await _amss.GetFromJsonAsync<JsonElement>(location);
        Assert.Equal("returnee", current.GetProperty("displacementStatus").GetString());
        var id = location.Split('/')[^1];
        Assert.Equal(1, await _platform.BeneficiariesDb(db => db.OutboxMessages.CountAsync(m => m.MessageType.Contains("beneficiary-updated") && m.Body.Contains(id))));
    }

    [Fact]
    public async Task An_update_without_If_Match_is_428()
    {
        var created = await _amss.RegisterAsync(Samples.Person("Kadiatou", "Diallo"));

        var response = await _amss.PutAsJsonAsync($"/api/v1/beneficiaries/{created.GetProperty("id")}", Samples.Person("Kadiatou", "Diallo"));

        Assert.Equal((HttpStatusCode)428, response.StatusCode);
    }

    [Fact]
    public async Task Another_partners_record_is_not_found()
    {
        var created = await _amss.RegisterAsync(Samples.Person("Mariam", "Traoré"));
        using var other = await _platform.PartnerAsync("wildaf");

        var response = await other.GetAsync($"/api/v1/beneficiaries/{created.GetProperty("id")}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_list_filters_by_commune_sex_age_band_displacement_category_and_registration_date()
    {
        using var client = await _platform.PartnerAsync("list-partner");
        await client.RegisterAsync(Samples.Person("Oumou", "Sangaré", commune: "ML060502", birthDate: "2015-05-01"));
        await client.RegisterAsync(Samples.Person("Ali", "Maïga", sex: "male", commune: "ML060502", displacement: "host"));
        await client.RegisterAsync(Samples.Person("Hawa", "Keïta", commune: "ML060503"));

        async Task<long> Count(string query) =>
            (await client.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaries?{query}")).GetProperty("totalCount").GetInt64();

        Assert.Equal(2, await Count("commune=ML060502"));
        Assert.Equal(1, await Count("commune=ML060502&sex=male"));
        Assert.Equal(1, await Count("ageBand=5-11"));
        Assert.Equal(1, await Count("displacementStatus=host"));
        Assert.Equal(3, await Count("category=woman"));
        Assert.Equal(3, await Count($"registeredFrom={Now.AddHours(-1):O}".Replace("+", "%2B")));
        Assert.Equal(0, await Count($"registeredTo={Now.AddHours(-1):O}".Replace("+", "%2B")));
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/beneficiaries?pageSize=2");
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        Assert.True(page.GetProperty("hasNextPage").GetBoolean());
    }

    [Fact]
    public async Task An_estimated_age_is_accepted_when_the_birth_date_is_unknown()
    {
        var created = await _amss.RegisterAsync(new
        {
            givenName = "Ousmane", familyName = "Cissé", sex = "male", estimatedAge = 70,
            displacementStatus = "returnee", communePcode = "ML060503", consent = new { given = true },
        });

        Assert.Equal("60+", created.GetProperty("ageBand").GetString());
    }
}
