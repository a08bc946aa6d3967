using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

public sealed class StatisticsTests : IAsyncLifetime
{
    private TestPlatform _platform = null!;
    private HttpClient _amss = null!;
    private HttpClient _wildaf = null!;

    public async Task InitializeAsync()
    {
        _platform = await TestPlatform.StartAsync(nameof(StatisticsTests), new PlatformOptions { Gateway = true });
        _amss = await _platform.PartnerAsync("amss");
        _wildaf = await _platform.PartnerAsync("wildaf");
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task Counts_are_by_commune_sex_age_band_disability_and_displacement_and_cells_below_five_read_less_than_five()
    {
        for (var i = 0; i < 6; i++) await _amss.RegisterAsync(Samples.Person($"Femme{i}", "Goundam"));
        for (var i = 0; i < 2; i++) await _amss.RegisterAsync(Samples.Person($"Homme{i}", "Goundam", sex: "male", birthDate: "2012-01-01"));
        await _wildaf.RegisterAsync(Samples.Person("Autre", "Partenaire"));

        var stats = await _amss.GetFromJsonAsync<JsonElement>("/api/v1/beneficiaries/statistics");

        var cells = Cells(stats);
        Assert.Equal(2, cells.Count);
        Assert.Equal("6", cells[("ML060201", "female", "18-59", false, "idp")]);
        Assert.Equal("<5", cells[("ML060201", "male", "12-17", false, "idp")]);
    }

    [Fact]
    public async Task A_program_officer_sees_all_partners_and_a_partner_may_not()
    {
        for (var i = 0; i < 3; i++) await _amss.RegisterAsync(Samples.Person($"A{i}", "Goundam"));
        for (var i = 0; i < 3; i++) await _wildaf.RegisterAsync(Samples.Person($"W{i}", "Goundam"));
        using var officer = await _platform.PartnerAsync("un-women", Scopes.ProgramOfficer);

        var all = await officer.GetFromJsonAsync<JsonElement>("/api/v1/beneficiaries/statistics?allPartners=true");
        var partnerOnly = await _amss.GetFromJsonAsync<JsonElement>("/api/v1/beneficiaries/statistics");
        var refused = await _amss.GetAsync("/api/v1/beneficiaries/statistics?allPartners=true");

        Assert.Equal("6", Cells(all)[("ML060201", "female", "18-59", false, "idp")]);
        Assert.Equal("<5", Cells(partnerOnly)[("ML060201", "female", "18-59", false, "idp")]);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("Goundam\"", all.ToString());
    }

    private static Dictionary<(string?, string?, string?, bool, string?), string?> Cells(JsonElement stats) =>
        stats.GetProperty("cells").EnumerateArray().ToDictionary(
            c => (c.GetProperty("communePcode").GetString(), c.GetProperty("sex").GetString(), c.GetProperty("ageBand").GetString(),
                c.GetProperty("hasDisability").GetBoolean(), c.GetProperty("displacementStatus").GetString()),
            c => c.GetProperty("count").GetString());
}
