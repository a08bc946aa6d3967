using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.EndToEndTests;

/// <summary>
/// Two partners that already served the same people record a data-sharing agreement: the people
/// they held are matched in the background, both see the review items, and ending the agreement
/// removes them. A partner without an agreement sees nothing. Each test uses partners of its own.
/// </summary>
public sealed class AgreementMatchingTests(AgreementMatchingTests.Platform platform) : IClassFixture<AgreementMatchingTests.Platform>
{
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Activities = false };
    }

    private static object Aminata(string given = "Aminata", string family = "Maïga") =>
        Samples.Person(given, family, birthDate: "1994-03-12", phone: "+223 76 12 34 56");

    private static object Hawa(string family = "Keïta") => Samples.Person("Hawa", family, birthDate: "1988-05-05", phone: "+223 66 11 22 33");

    [Fact]
    public async Task Both_partners_see_review_items_for_the_people_they_already_served_once_the_agreement_is_recorded_and_lose_them_when_it_ends()
    {
        var (a, b) = (Unique("amss"), Unique("wildaf"));
        using var first = await _platform.FieldOfficeAsync(a);
        using var second = await _platform.FieldOfficeAsync(b);
        var (aminataOfA, hawaOfA) = (await first.CreateBeneficiaryAsync(Aminata()), await first.CreateBeneficiaryAsync(Hawa()));
        var (aminataOfB, hawaOfB) = (await second.CreateBeneficiaryAsync(Aminata("AMINATA", "Maiga")), await second.CreateBeneficiaryAsync(Hawa("Keita")));
        Assert.Empty(await ReviewItemsAsync(first, aminataOfA));

        var agreement = await RecordAgreementAsync(a, b);
        var matching = await MatchingFinishedAsync(agreement);

        Assert.Equal(("completed", 4, 4), (matching.GetProperty("state").GetString(), matching.GetProperty("recordsDone").GetInt32(),
            matching.GetProperty("recordsTotal").GetInt32()));
        Assert.Equal(new[] { aminataOfB }, await ReviewItemsAsync(first, aminataOfA));
        Assert.Equal(new[] { hawaOfB }, await ReviewItemsAsync(first, hawaOfA));
        Assert.Equal(new[] { aminataOfA }, await ReviewItemsAsync(second, aminataOfB));
        Assert.Equal(new[] { hawaOfA }, await ReviewItemsAsync(second, hawaOfB));

        await EndAgreementAsync(agreement);

        foreach (var (owner, id) in new[] { (first, aminataOfA), (first, hawaOfA), (second, aminataOfB), (second, hawaOfB) })
        {
            Assert.Empty(await ReviewItemsAsync(owner, id));
        }

        var records = new[] { aminataOfA, hawaOfA, aminataOfB, hawaOfB };
        Assert.Equal(0, await _platform.BeneficiariesDb(db => db.DuplicateFlags.CountAsync(f => records.Contains(f.BeneficiaryId) || records.Contains(f.MatchedId))));
    }

    [Fact]
    public async Task A_third_partner_without_an_agreement_sees_nothing_of_the_matching_between_two_others()
    {
        var (a, b, c) = (Unique("amss"), Unique("wildaf"), Unique("third"));
        using var first = await _platform.FieldOfficeAsync(a);
        using var second = await _platform.FieldOfficeAsync(b);
        using var third = await _platform.FieldOfficeAsync(c);
        var ofA = await first.CreateBeneficiaryAsync(Aminata());
        var ofB = await second.CreateBeneficiaryAsync(Aminata());
        var ofC = await third.CreateBeneficiaryAsync(Aminata());

        await MatchingFinishedAsync(await RecordAgreementAsync(a, b));

        Assert.Empty(await ReviewItemsAsync(third, ofC));
        Assert.Equal(new[] { ofB }, await ReviewItemsAsync(first, ofA));
        Assert.Equal(new[] { ofA }, await ReviewItemsAsync(second, ofB));
        Assert.Equal(0, await _platform.BeneficiariesDb(db => db.DuplicateFlags.CountAsync(f => f.BeneficiaryId == ofC || f.MatchedId == ofC)));
        Assert.Equal(HttpStatusCode.Forbidden, (await third.GetAsync($"/api/v1/beneficiaries/data-sharing-agreements/{Guid.NewGuid()}/matching")).StatusCode);
    }

    private async Task<Guid> RecordAgreementAsync(string partnerA, string partnerB)
    {
        using var admin = await _platform.ThroughGatewayAsync("platform", Scopes.Admin);
        var response = await admin.PostAsJsonAsync("/api/v1/beneficiaries/data-sharing-agreements", new { partners = new[] { partnerA, partnerB } });
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"recording the agreement failed: {(int)response.StatusCode} {json}");
        return json.GetProperty("id").GetGuid();
    }

    private async Task EndAgreementAsync(Guid agreement)
    {
        using var admin = await _platform.ThroughGatewayAsync("platform", Scopes.Admin);
        (await admin.PostAsync($"/api/v1/beneficiaries/data-sharing-agreements/{agreement}/end", null)).EnsureSuccessStatusCode();
    }

    /// <summary>Polls the administrator's progress endpoint until the matching has finished, whatever its outcome.</summary>
    private async Task<JsonElement> MatchingFinishedAsync(Guid agreement)
    {
        using var admin = await _platform.ThroughGatewayAsync("platform", Scopes.Admin);
        return await Eventually.ReturnsAsync(
            async () => await admin.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaries/data-sharing-agreements/{agreement}/matching"),
            progress => progress.GetProperty("state").GetString() is "completed" or "cancelled" or "failed",
            TimeSpan.FromSeconds(60), "the matching under the agreement to finish");
    }

    private static async Task<List<Guid>> ReviewItemsAsync(HttpClient owner, Guid id) =>
        (await owner.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaries/{id}")).GetProperty("possibleDuplicates").EnumerateArray()
        .Select(item => item.GetProperty("beneficiaryId").GetGuid()).ToList();

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];
}
