using System.Net;
using System.Net.Http.Json;
using JusticePlatform.TestSupport;

namespace JusticePlatform.EndToEndTests;

public sealed class OwnershipTests(OwnershipTests.Platform platform) : IClassFixture<OwnershipTests.Platform>
{
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true };
    }

    [Fact]
    public async Task Another_partners_beneficiary_answers_404_as_if_it_did_not_exist()
    {
        using var amss = await _platform.FieldOfficeAsync(Partners.Amss);
        using var stopSahel = await _platform.FieldOfficeAsync(Partners.StopSahel);
        var id = await amss.RegisterAsync();

        Assert.Equal(HttpStatusCode.OK, (await amss.GetAsync($"/api/v1/beneficiaries/{id}")).StatusCode);
        var response = await stopSahel.GetAsync($"/api/v1/beneficiaries/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Touré", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_partners_beneficiary_is_not_visible_in_activities_either()
    {
        using var amss = await _platform.FieldOfficeAsync(Partners.Amss);
        using var stopSahel = await _platform.FieldOfficeAsync(Partners.StopSahel);
        var id = await amss.RegisterAsync();
        await Eventually.TrueAsync(async () => (await amss.GetAsync($"/api/v1/activities/beneficiaries/{id}")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30), "the registration to reach Activities");

        Assert.Equal(HttpStatusCode.NotFound, (await stopSahel.GetAsync($"/api/v1/activities/beneficiaries/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_record_is_stamped_with_the_partner_of_the_token_whatever_the_request_says()
    {
        using var amss = await _platform.FieldOfficeAsync(Partners.Amss);
        var response = await amss.PostAsJsonAsync("/api/v1/beneficiaries?partnerId=stop-sahel", Partners.Registration());
        var id = (await response.Content.ReadFromJsonAsync<Created>())!.Id;

        var owner = await _platform.BeneficiariesDb(db => Task.FromResult(db.Beneficiaries.Single(b => b.Id == id).PartnerId));

        Assert.Equal(Partners.Amss, owner);
    }

    private sealed record Created(Guid Id);
}
