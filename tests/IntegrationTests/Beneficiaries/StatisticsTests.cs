using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

/// <summary>
/// One platform for the class: each test counts in a commune of its own, since a program officer
/// sees every partner. Age bands are derived on a fixed day, so the figures do not age.
/// </summary>
public sealed class StatisticsTests(StatisticsTests.Platform platform) : IClassFixture<StatisticsTests.Platform>
{
    private readonly TestPlatform _platform = platform.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero)) };
    }

    [Fact]
    public async Task Counts_are_by_commune_sex_age_band_disability_and_displacement_and_cells_below_five_read_less_than_five()
    {
        using var amss = await _platform.PartnerAsync("amss-stats");
        using var wildaf = await _platform.PartnerAsync("wildaf-stats");
        for (var i = 0; i < 6; i++) await amss.RegisterAsync(Samples.Person($"Femme{i}", "Goundam"));
        for (var i = 0; i < 2; i++) await amss.RegisterAsync(Samples.Person($"Homme{i}", "Goundam", sex: "male", birthDate: "2012-01-01"));
        await wildaf.RegisterAsync(Samples.Person("Autre", "Partenaire"));

        var stats = await amss.GetFromJsonAsync<JsonElement>("/api/v1/beneficiaries/statistics");

        var cells = Cells(stats);
        Assert.Equal(2, cells.Count);
        Assert.Equal("6", cells[("ML060201", "female", "18-59", false, "idp")]);
        Assert.Equal("<5", cells[("ML060201", "male", "12-17", false, "idp")]);
    }

    [Fact]
    public async Task A_program_officer_sees_all_partners_and_a_partner_may_not()
    {
        using var amss = await _platform.PartnerAsync("amss-officer");
        using var wildaf = await _platform.PartnerAsync("wildaf-officer");
        for (var i = 0; i < 3; i++) await amss.RegisterAsync(Samples.Person($"A{i}", "Goundam", commune: "ML060501"));
        for (var i = 0; i < 3; i++) await wildaf.RegisterAsync(Samples.Person($"W{i}", "Goundam", commune: "ML060501"));
        using var officer = await _platform.PartnerAsync("un-women", Scopes.ProgramOfficer);

        var all = await officer.GetFromJsonAsync<JsonElement>("/api/v1/beneficiaries/statistics?allPartners=true");
        var partnerOnly = await amss.GetFromJsonAsync<JsonElement>("/api/v1/beneficiaries/statistics");
        var refused = await amss.GetAsync("/api/v1/beneficiaries/statistics?allPartners=true");

        Assert.Equal("6", Cells(all)[("ML060501", "female", "18-59", false, "idp")]);
        Assert.Equal("<5", Cells(partnerOnly)[("ML060501", "female", "18-59", false, "idp")]);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("Goundam\"", all.ToString());
    }

    [Fact]
    public async Task Counts_added_up_to_a_cercle_are_exact_where_each_of_its_communes_reads_less_than_five()
    {
        using var partner = await _platform.PartnerAsync("amss-levels");
        for (var i = 0; i < 3; i++) await partner.RegisterAsync(Samples.Person($"Goundam{i}", "Niveaux", commune: "ML060201"));
        for (var i = 0; i < 3; i++) await partner.RegisterAsync(Samples.Person($"Doukouria{i}", "Niveaux", commune: "ML060203"));

        var byCommune = await partner.GetFromJsonAsync<JsonElement>("/api/v1/beneficiaries/statistics");
        var byCercle = await partner.GetFromJsonAsync<JsonElement>("/api/v1/beneficiaries/statistics?level=cercle");
        var byRegion = await partner.GetFromJsonAsync<JsonElement>("/api/v1/beneficiaries/statistics?level=region");

        Assert.Equal(["<5", "<5"], Cells(byCommune).Values);
        Assert.Equal(("cercle", "6"), (byCercle.GetProperty("level").GetString(), Assert.Single(Cells(byCercle), c => c.Key.Item1 == "ML0602").Value));
        Assert.Equal("6", Assert.Single(Cells(byRegion)).Value);
    }

    [Fact]
    public async Task A_level_that_is_not_one_of_the_hierarchy_is_refused_naming_it()
    {
        using var partner = await _platform.PartnerAsync("amss-bad-level");

        var response = await partner.GetAsync("/api/v1/beneficiaries/statistics?level=province");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("level", out _));
    }

    private static Dictionary<(string?, string?, string?, bool, string?), string?> Cells(JsonElement stats) =>
        stats.GetProperty("cells").EnumerateArray().ToDictionary(
            c => (c.GetProperty("communePcode").GetString(), c.GetProperty("sex").GetString(), c.GetProperty("ageBand").GetString(),
                c.GetProperty("hasDisability").GetBoolean(), c.GetProperty("displacementStatus").GetString()),
            c => c.GetProperty("count").GetString());
}
