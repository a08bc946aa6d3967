using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Grievances;

/// <summary>
/// A case is referred only to a partner Identity registered and has not disabled, and a receiver
/// disabled later reads nothing of it: attacks from the receiving side, through the gateway.
/// </summary>
public sealed class ReferralPartnerTests(GrievancesPlatform fixture) : IClassFixture<GrievancesPlatform>
{
    private const string SurvivorName = "Kadidia Maïga";

    private readonly TestPlatform _platform = fixture.Platform;

    [Fact]
    public async Task A_referral_to_an_unregistered_partner_is_refused_422_and_whoever_registers_that_id_later_reads_nothing()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        var id = (await amss.OpenCaseAsync(Casework.Case(name: SurvivorName))).Id();

        var refused = await amss.PostAsJsonAsync($"{Casework.Cases}/{id}/referrals",
            new { serviceType = "legal_aid", toPartnerId = "squatter-ngo", shares = new[] { "identity", "contact", "narratives" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("toPartnerId", out _), problem.ToString());
        Assert.Equal(0, await _platform.GrievancesDb(db => db.Referrals.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).CountAsync(r => r.CaseId == id)));

        // The id is registered afterwards: nothing was referred to it, so it finds nothing.
        await _platform.RegisterPartnersAsync("squatter-ngo");
        using var squatter = await _platform.CaseworkerAsync("squatter-ngo");
        var incoming = await squatter.GetFromJsonAsync<JsonElement>($"{Casework.Referrals}?direction=incoming");
        Assert.Equal(0, incoming.GetProperty("totalCount").GetInt64());
        Assert.DoesNotContain(SurvivorName, await (await squatter.GetAsync($"{Casework.Cases}/{id}/details")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_receiver_disabled_after_the_referral_can_no_longer_read_the_case_even_with_a_token_still_valid()
    {
        const string receiver = "wildaf-disabled";
        await _platform.RegisterPartnersAsync(receiver);
        using var amss = await _platform.CaseworkerAsync("amss");
        using var wildaf = await _platform.CaseworkerAsync(receiver);
        var id = (await amss.OpenCaseAsync(Casework.Case(name: SurvivorName))).Id();
        var referralId = (await amss.ReferAsync(id, new { serviceType = "psychosocial", toPartnerId = receiver, shares = new[] { "identity" } })).Id();
        (await wildaf.PostAsync($"{Casework.Referrals}/{referralId}/accept", null)).EnsureSuccessStatusCode();
        Assert.Contains(SurvivorName, await wildaf.GetStringAsync($"{Casework.Referrals}/{referralId}/case"));

        // An instance that reads the token revocations only once an hour: only its own check of the partner stands.
        await using var lagging = await _platform.StartAnotherGrievancesAsync(new Dictionary<string, string?> { ["Identity:RevocationRefresh"] = "01:00:00" });
        using var direct = lagging.CreateClient();
        direct.DefaultRequestHeaders.Authorization = wildaf.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync($"{Casework.Referrals}/{referralId}/case")).StatusCode);

        using var admin = await _platform.IdentityAdminAsync();
        var disabled = await admin.PostAsync($"/api/v1/identity/partners/{receiver}/disable", null);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        await _platform.WaitForKnownPartnersAsync([receiver], enabled: false);

        var caseRead = await direct.GetAsync($"{Casework.Referrals}/{referralId}/case");
        var referralRead = await direct.GetAsync($"{Casework.Referrals}/{referralId}");
        Assert.Equal(HttpStatusCode.Forbidden, caseRead.StatusCode);
        Assert.DoesNotContain(SurvivorName, await caseRead.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, referralRead.StatusCode);

        // Through the gateway its token itself is refused once the revocations are read again.
        await Eventually.TrueAsync(async () => (await wildaf.GetAsync($"{Casework.Referrals}/{referralId}/case")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromMinutes(1), "the disabled partner's token to be refused");
    }

    [Fact]
    public async Task A_disabled_partner_is_refused_as_a_receiver_with_a_422_naming_the_field()
    {
        const string receiver = "ades-disabled";
        await _platform.RegisterPartnersAsync(receiver);
        using var admin = await _platform.IdentityAdminAsync();
        (await admin.PostAsync($"/api/v1/identity/partners/{receiver}/disable", null)).EnsureSuccessStatusCode();
        await _platform.WaitForKnownPartnersAsync([receiver], enabled: false);
        using var amss = await _platform.CaseworkerAsync("amss");
        var id = (await amss.OpenCaseAsync()).Id();

        var refused = await amss.PostAsJsonAsync($"{Casework.Cases}/{id}/referrals", new { serviceType = "medical", toPartnerId = receiver });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("toPartnerId", await refused.Content.ReadAsStringAsync());
    }
}
