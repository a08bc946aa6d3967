using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

public sealed class DuplicateAndMergeTests : IAsyncLifetime
{
    private TestPlatform _platform = null!;
    private HttpClient _amss = null!;
    private HttpClient _wildaf = null!;

    public async Task InitializeAsync()
    {
        _platform = await TestPlatform.StartAsync(nameof(DuplicateAndMergeTests), new PlatformOptions { Gateway = true });
        _amss = await _platform.PartnerAsync("amss");
        _wildaf = await _platform.PartnerAsync("wildaf");
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task The_same_person_registered_by_a_partner_under_agreement_is_flagged_without_revealing_the_first_partners_personal_data()
    {
        await _platform.AgreeToShareAsync("amss", "wildaf");
        var first = await _amss.RegisterAsync(Samples.Person("Aminata", "Maïga", phone: "+223 76 12 34 56"));

        // Spelled differently, same birth year, commune and phone.
        var response = await _wildaf.PostAsJsonAsync("/api/v1/beneficiaries", Samples.Person("AMINATA", "Maiga", birthDate: "1994-11-30", phone: "76123456"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var duplicate = Assert.Single(JsonDocument.Parse(body).RootElement.GetProperty("possibleDuplicates").EnumerateArray());
        Assert.Equal(first.GetProperty("id").GetGuid(), duplicate.GetProperty("beneficiaryId").GetGuid());
        Assert.False(duplicate.GetProperty("sameOwner").GetBoolean());
        Assert.Equal(["name_sex_birth_year_commune", "phone"], duplicate.GetProperty("matchedOn").EnumerateArray().Select(m => m.GetString()));
        Assert.DoesNotContain("Maïga", body);
        Assert.DoesNotContain("1994-03-12", body);
        Assert.DoesNotContain("amss", body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await _wildaf.GetAsync($"/api/v1/beneficiaries/{first.GetProperty("id")}")).StatusCode);
    }

    [Fact]
    public async Task A_different_person_is_not_flagged()
    {
        await _amss.RegisterAsync(Samples.Person("Aminata", "Maïga"));

        var other = await _wildaf.RegisterAsync(Samples.Person("Aminata", "Maïga", birthDate: "1970-01-01"));

        Assert.Empty(other.GetProperty("possibleDuplicates").EnumerateArray());
    }

    [Fact]
    public async Task A_merge_across_partners_under_agreement_needs_both_owners_then_re_points_Activities()
    {
        await _platform.AgreeToShareAsync("amss", "wildaf");
        var survivor = (await _amss.RegisterAsync(Samples.Person("Aminata", "Maïga"))).GetProperty("id").GetGuid();
        var duplicate = (await _wildaf.RegisterAsync(Samples.Person("Aminata", "Maiga"))).GetProperty("id").GetGuid();

        var asked = await _wildaf.PostAsJsonAsync($"/api/v1/beneficiaries/{survivor}/merge", new { mergedId = duplicate });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        Assert.Equal("active", (await _wildaf.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaries/{duplicate}")).GetProperty("status").GetString());

        var merge = await _amss.PostAsJsonAsync($"/api/v1/beneficiaries/{survivor}/merge", new { mergedId = duplicate });

        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        var retired = await _wildaf.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaries/{duplicate}");
        Assert.Equal(("merged", survivor), (retired.GetProperty("status").GetString(), retired.GetProperty("mergedIntoId").GetGuid()));
        var list = await _wildaf.GetFromJsonAsync<JsonElement>("/api/v1/beneficiaries");
        Assert.Equal(0, list.GetProperty("totalCount").GetInt64());

        var evt = await _platform.BeneficiariesDb(db => db.OutboxMessages.SingleAsync(m => m.MessageType.Contains("beneficiaries-merged")));
        Assert.Contains(survivor.ToString(), evt.Body);
        await Eventually.TrueAsync(
            () => _platform.ActivitiesDb(db => db.KnownBeneficiaries.AnyAsync(k => k.Id == duplicate && k.MergedIntoId == survivor)),
            TimeSpan.FromSeconds(30), "Activities to re-point the merged record");
        Assert.True(await _platform.ActivitiesDb(db => db.KnownBeneficiaries.AnyAsync(k => k.Id == survivor && k.MergedIntoId == null)));
    }

    [Fact]
    public async Task A_record_of_another_partner_that_was_not_flagged_cannot_be_merged_into()
    {
        var stranger = (await _amss.RegisterAsync(Samples.Person("Hawa", "Keïta"))).GetProperty("id").GetGuid();
        var mine = (await _wildaf.RegisterAsync(Samples.Person("Aminata", "Maïga"))).GetProperty("id").GetGuid();

        var merge = await _wildaf.PostAsJsonAsync($"/api/v1/beneficiaries/{stranger}/merge", new { mergedId = mine });

        Assert.Equal(HttpStatusCode.NotFound, merge.StatusCode);
    }

    [Fact]
    public async Task Merging_needs_the_write_scope()
    {
        using var reader = await _platform.PartnerAsync("wildaf", Scopes.BeneficiariesRead);

        var merge = await reader.PostAsJsonAsync($"/api/v1/beneficiaries/{Guid.NewGuid()}/merge", new { mergedId = Guid.NewGuid() });

        Assert.Equal(HttpStatusCode.Forbidden, merge.StatusCode);
    }
}
