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

    [Fact]
    public async Task Another_partner_cannot_update_a_beneficiary_and_nothing_changes()
    {
        using var amss = await _platform.FieldOfficeAsync(Partners.Amss);
        using var stopSahel = await _platform.FieldOfficeAsync(Partners.StopSahel);
        var id = await amss.RegisterAsync();
        var read = await amss.GetAsync($"/api/v1/beneficiaries/{id}");
        var before = await read.Content.ReadAsStringAsync();

        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/beneficiaries/{id}") { Content = JsonContent.Create(Partners.Registration(commune: "ML060501")) };
        update.Headers.IfMatch.Add(read.Headers.ETag!);
        var response = await stopSahel.SendAsync(update);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await (await amss.GetAsync($"/api/v1/beneficiaries/{id}")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_partner_cannot_erase_a_beneficiary_and_nothing_changes()
    {
        using var amss = await _platform.FieldOfficeAsync(Partners.Amss);
        using var stopSahel = await _platform.FieldOfficeAsync(Partners.StopSahel);
        var id = await amss.RegisterAsync();

        var response = await stopSahel.PostAsync($"/api/v1/beneficiaries/{id}/erasure", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Touré", await (await amss.GetAsync($"/api/v1/beneficiaries/{id}")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_list_holds_only_the_callers_own_records()
    {
        using var ades = await _platform.FieldOfficeAsync("ades");
        using var mercyCorps = await _platform.FieldOfficeAsync("mercy-corps");
        var own = await ades.RegisterAsync();
        var others = await mercyCorps.RegisterAsync();

        var page = await ades.GetFromJsonAsync<Page>("/api/v1/beneficiaries?pageSize=500");

        Assert.Contains(page!.Items, b => b.Id == own);
        Assert.DoesNotContain(page.Items, b => b.Id == others);
        Assert.Equal(page.Items.Count, page.TotalCount);
    }

    private sealed record Created(Guid Id);

    private sealed record Page(IReadOnlyList<Created> Items, long TotalCount);
}
