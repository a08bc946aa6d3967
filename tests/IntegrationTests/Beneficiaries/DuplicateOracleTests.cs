using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

/// <summary>
/// Partner B guesses who partner A serves. Without a data-sharing agreement between them, no
/// answer may tell B anything; with one, a match is a review item for both, and a merge needs both.
/// Each test uses partners of its own, so the class shares one platform.
/// </summary>
public sealed class DuplicateOracleTests(DuplicateOracleTests.Platform platform) : IClassFixture<DuplicateOracleTests.Platform>
{
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Activities = false };
    }

    private static object Person(string given, string family, string phone, string birthDate = "1994-03-12") =>
        Samples.Person(given, family, birthDate: birthDate, phone: phone);

    [Fact]
    public async Task A_partner_without_an_agreement_learns_nothing_from_guesses_that_match_another_partners_records()
    {
        var (a, b) = (Unique("gbv"), Unique("probe"));
        using var owner = await _platform.PartnerAsync(a);
        using var prober = await _platform.PartnerAsync(b);
        var hidden = (await owner.RegisterAsync(Person("Aminata", "Maïga", "+223 76 12 34 56"))).GetProperty("id").GetGuid();
        var alsoHidden = (await owner.RegisterAsync(Person("Hawa", "Keïta", "+223 66 11 22 33", "1988-05-05"))).GetProperty("id").GetGuid();
        using var officer = await _platform.PartnerAsync(Unique("officer"), Scopes.ProgramOfficer);
        var totalsBefore = await officer.GetStringAsync("/api/v1/beneficiaries/statistics?allPartners=true");

        // By the name set, by the phone alone, and a control that matches nobody.
        var byName = await prober.RegisterAsync(Person("AMINATA", "Maiga", "+223 65 00 00 01"));
        var byPhone = await prober.RegisterAsync(Person("Someone", "Else", "76123456"));
        var control = await prober.RegisterAsync(Person("Kadidia", "Diallo", "+223 65 00 00 02", "1980-01-01"));

        foreach (var answer in new[] { byName, byPhone, control })
        {
            Assert.Empty(answer.GetProperty("possibleDuplicates").EnumerateArray());
            var read = await prober.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaries/{answer.GetProperty("id")}");
            Assert.Empty(read.GetProperty("possibleDuplicates").EnumerateArray());
        }

        var upload = await prober.UploadAsync(Uploads.Header + "\nHawa,Keita,female,1988-05-05,idp,ML060201,+223 66 11 22 33,woman,true,2026-10-01\n", key: null);
        var summary = (await prober.CompletedAsync(upload.Headers.Location!, TimeSpan.FromSeconds(60))).GetProperty("summary");
        Assert.Equal(0, summary.GetProperty("flagged").GetInt32());

        // Merging into the guessed record answers exactly as merging into an id that does not exist.
        var intoHidden = await prober.PostAsJsonAsync($"/api/v1/beneficiaries/{hidden}/merge", new { mergedId = byName.GetProperty("id").GetGuid() });
        var intoNothing = await prober.PostAsJsonAsync($"/api/v1/beneficiaries/{Guid.NewGuid()}/merge", new { mergedId = byName.GetProperty("id").GetGuid() });
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (intoHidden.StatusCode, intoNothing.StatusCode));
        Assert.Equal(Problem(await intoNothing.Content.ReadFromJsonAsync<JsonElement>()), Problem(await intoHidden.Content.ReadFromJsonAsync<JsonElement>()));

        // The owner is not told either, and no pair was recorded.
        var ownerView = await owner.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaries/{hidden}");
        Assert.Empty(ownerView.GetProperty("possibleDuplicates").EnumerateArray());
        Assert.Equal(0, await _platform.BeneficiariesDb(db => db.DuplicateFlags.CountAsync(f =>
            f.BeneficiaryId == hidden || f.MatchedId == hidden || f.BeneficiaryId == alsoHidden || f.MatchedId == alsoHidden)));

        // Program totals move by the prober's own records only, whoever they match.
        var totalsAfter = await officer.GetStringAsync("/api/v1/beneficiaries/statistics?allPartners=true");
        Assert.NotEqual(totalsBefore, totalsAfter);
    }

    [Fact]
    public async Task Under_an_agreement_both_owners_see_the_review_item_and_ending_it_stops_new_matches_and_hides_old_ones()
    {
        var (a, b) = (Unique("amss"), Unique("wildaf"));
        using var first = await _platform.PartnerAsync(a);
        using var second = await _platform.PartnerAsync(b);
        var agreement = await _platform.AgreeToShareAsync(a, b);
        var original = (await first.RegisterAsync(Person("Aminata", "Maïga", "+223 76 12 34 56"))).GetProperty("id").GetGuid();

        var copy = await second.RegisterAsync(Person("Aminata", "Maiga", "76123456"));

        Assert.Equal(original, Assert.Single(copy.GetProperty("possibleDuplicates").EnumerateArray()).GetProperty("beneficiaryId").GetGuid());
        var seenByFirst = await first.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaries/{original}");
        Assert.Equal(copy.GetProperty("id").GetGuid(), Assert.Single(seenByFirst.GetProperty("possibleDuplicates").EnumerateArray()).GetProperty("beneficiaryId").GetGuid());

        await _platform.EndSharingAsync(agreement);

        var later = await second.RegisterAsync(Person("Aminata", "Maïga", "+223 76 12 34 56"));
        Assert.All(later.GetProperty("possibleDuplicates").EnumerateArray(), match => Assert.True(match.GetProperty("sameOwner").GetBoolean()));
        Assert.Empty((await first.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaries/{original}")).GetProperty("possibleDuplicates").EnumerateArray());
        var merge = await second.PostAsJsonAsync($"/api/v1/beneficiaries/{original}/merge", new { mergedId = copy.GetProperty("id").GetGuid() });
        Assert.Equal(HttpStatusCode.NotFound, merge.StatusCode);
    }

    [Fact]
    public async Task Recording_an_agreement_needs_the_admin_scope()
    {
        using var partner = await _platform.PartnerAsync(Unique("amss"));

        var response = await partner.PostAsJsonAsync("/api/v1/beneficiaries/data-sharing-agreements", new { partners = new[] { "amss", "wildaf" } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_agreement_with_a_partner_that_is_not_registered_is_refused_422_naming_it_and_nothing_is_recorded()
    {
        var registered = Unique("amss");
        await _platform.RegisterPartnersAsync(registered);
        using var admin = await _platform.ClientAsync(_platform.Gateway!, "platform", Scopes.Admin);

        var response = await admin.PostAsJsonAsync("/api/v1/beneficiaries/data-sharing-agreements", new { partners = new[] { registered, "not-yet-registered" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("partners[1]", out _), errors.ToString());
        Assert.False(errors.TryGetProperty("partners[0]", out _), errors.ToString());
        Assert.Equal(0, await _platform.BeneficiariesDb(db => db.DataSharingAgreements.CountAsync(a => a.FirstPartnerId == "not-yet-registered" || a.SecondPartnerId == "not-yet-registered")));
    }

    private static (string?, string?, int) Problem(JsonElement problem) =>
        (problem.GetProperty("type").GetString(), problem.GetProperty("title").GetString(), problem.GetProperty("status").GetInt32());

    [Fact]
    public async Task A_new_member_of_a_cluster_is_flagged_once_against_its_representative_not_against_every_member()
    {
        var a = Unique("cluster");
        using var owner = await _platform.PartnerAsync(a);
        var members = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var member = await owner.RegisterAsync(Person("Aminata", "Maïga", "+223 76 12 34 56"));
            members.Add(member.GetProperty("id").GetGuid());
            if (i > 0)
            {
                var match = Assert.Single(member.GetProperty("possibleDuplicates").EnumerateArray());
                Assert.Equal(members[0], match.GetProperty("beneficiaryId").GetGuid());
            }
        }

        var flags = await _platform.BeneficiariesDb(db => db.DuplicateFlags.CountAsync(f => members.Contains(f.BeneficiaryId)));
        Assert.Equal(5, flags);
        var merged = await owner.PostAsJsonAsync($"/api/v1/beneficiaries/{members[2]}/merge", new { mergedId = members[4] });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
    }

    [Fact]
    public async Task Under_an_agreement_any_two_members_of_a_cluster_across_partners_merge_with_both_owners()
    {
        var (a, b) = (Unique("cluster-a"), Unique("cluster-b"));
        using var first = await _platform.PartnerAsync(a);
        using var second = await _platform.PartnerAsync(b);
        await _platform.AgreeToShareAsync(a, b);
        var ofA = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ofA.Add((await first.RegisterAsync(Person("Aminata", "Maïga", "+223 76 12 34 56"))).GetProperty("id").GetGuid());
        }

        var copy = await second.RegisterAsync(Person("Aminata", "Maiga", "76123456"));
        Assert.Equal(ofA[0], Assert.Single(copy.GetProperty("possibleDuplicates").EnumerateArray()).GetProperty("beneficiaryId").GetGuid());

        // Not the representative: still one cluster, so the owners may merge it.
        var body = new { mergedId = copy.GetProperty("id").GetGuid() };
        Assert.Equal(HttpStatusCode.Accepted, (await first.PostAsJsonAsync($"/api/v1/beneficiaries/{ofA[2]}/merge", body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsJsonAsync($"/api/v1/beneficiaries/{ofA[2]}/merge", body)).StatusCode);
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];
}
