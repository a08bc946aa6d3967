using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.EndToEndTests.Activities;
using JusticePlatform.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace JusticePlatform.EndToEndTests;

/// <summary>
/// The shared gazetteer through the gateway: looking places up, recording activities and incidents at
/// a cercle or a region, and reports rolled up the hierarchy. One platform for the class; each test
/// uses a program or partner of its own.
/// </summary>
public sealed class PlacesTests(PlacesTests.Platform fixture) : IClassFixture<PlacesTests.Platform>
{
    private const string Places = "/api/v1/places";
    private const string Lead = "amss";
    private const string Member = "wildaf";
    private readonly TestPlatform _platform = fixture.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Grievances = true, Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero)) };

        protected override string[] RegisteredPartners => [Member];
    }

    [Fact]
    public async Task A_place_is_found_by_its_name_without_accents_in_every_region_of_Mali()
    {
        // A token with a read scope of another service than Beneficiaries may look places up too.
        using var reader = await _platform.ThroughGatewayAsync("places-reader", Scopes.GrievancesRead);

        var regions = await (await reader.GetAsync(Places)).JsonAsync();
        Assert.Equal(10, regions.GetArrayLength());
        foreach (var region in regions.EnumerateArray())
        {
            var regionPcode = region.GetProperty("pcode").GetString()!;
            var children = await (await reader.GetAsync($"{Places}/{regionPcode}/children")).JsonAsync();
            var cercle = children.EnumerateArray().First();
            var typed = Plain(cercle.GetProperty("name").GetString()!).ToUpperInvariant();

            var found = await (await reader.GetAsync($"{Places}?name={Uri.EscapeDataString(typed)}")).JsonAsync();

            Assert.Contains(found.EnumerateArray(), p => p.GetProperty("pcode").GetString() == cercle.GetProperty("pcode").GetString()
                && p.GetProperty("regionPcode").GetString() == regionPcode);
        }
    }

    [Fact]
    public async Task Timbuktu_finds_the_region_of_Tombouctou_and_an_unknown_pcode_is_not_found()
    {
        using var reader = await _platform.ThroughGatewayAsync("places-variants", Scopes.ActivitiesRead);

        var found = await (await reader.GetAsync($"{Places}?name=Timbuktu")).JsonAsync();
        var region = await (await reader.GetAsync($"{Places}/ML06")).JsonAsync();
        var unknown = await reader.GetAsync($"{Places}/ML0699");

        Assert.Equal("ML06", found[0].GetProperty("pcode").GetString());
        Assert.Equal(("Tombouctou", "region", "cod-ab-2019"),
            (region.GetProperty("name").GetString(), region.GetProperty("level").GetString(), region.GetProperty("gazetteerVersion").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_token_without_a_read_scope_may_not_look_places_up()
    {
        using var writer = await _platform.ThroughGatewayAsync("places-writer", Scopes.BeneficiariesWrite);

        var response = await writer.GetAsync($"{Places}?name=Mopti");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_registration_at_a_cercle_is_refused_naming_the_commune_field_and_the_level()
    {
        using var member = await _platform.MemberAsync("places-registrar");

        var response = await member.PostAsJsonAsync("/api/v1/beneficiaries", Samples.Person(commune: "ML0602"));

        var message = (await response.JsonAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("communePcode")[0].GetString();
        Assert.Contains("cercle Goundam", message);
    }

    [Fact]
    public async Task Activities_recorded_at_a_cercle_and_at_a_region_count_at_their_own_level_by_cercle_and_together_by_region()
    {
        var program = await ProgramAsync("PLACES-REACH", ["ML06"]);
        using var member = await _platform.MemberAsync(Member);
        await ReachedAsync(member, program, "ML0602", 30);
        await ReachedAsync(member, program, "ML06", 20);
        var unknown = await member.PostAsJsonAsync(ActivitiesClient.Activities, new
        {
            programId = program, title = "Causerie", type = "radio_broadcast", communePcode = "ML0699",
            plannedStart = "2026-10-01", plannedEnd = "2026-10-03",
        });

        var byCercle = await member.ReachAsync(program, "scope=own&level=cercle");
        var byRegion = await member.ReachAsync(program, "scope=own&level=region");

        Assert.Equal([("ML06", "20"), ("ML0602", "30")], Aggregate(byCercle));
        Assert.Equal([("ML06", "50")], Aggregate(byRegion));
        Assert.True((await unknown.JsonAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("communePcode", out _));
    }

    [Fact]
    public async Task Incidents_recorded_at_a_cercle_and_at_a_region_count_at_their_own_level_by_cercle_and_together_by_region()
    {
        using var caseworker = await _platform.ThroughGatewayAsync("places-grievances", Scopes.GrievancesRead, Scopes.GrievancesCasework);
        for (var i = 0; i < 2; i++)
        {
            var opened = await (await caseworker.PostAsJsonAsync("/api/v1/grievances/cases", new
            {
                survivor = new { name = "Aminata Touré", phone = "76123456", address = "Quartier Abaradjou" },
                sex = "female", ageAtRegistration = 16, riskLevel = "high", caseWorker = "cw-07",
                consent = new { services = true, referral = true, reporting = true },
            })).JsonAsync(HttpStatusCode.Created);
            await (await caseworker.PostAsJsonAsync($"/api/v1/grievances/cases/{opened.GetProperty("id").GetGuid()}/incidents", new
            {
                type = "forced_marriage", date = "2026-10-14", dateIsApproximate = false, communePcode = "ML0602",
                perpetratorCategory = "family_member", narrative = "Récit",
            })).JsonAsync(HttpStatusCode.Created);
        }

        await (await caseworker.PostAsJsonAsync("/api/v1/grievances/monitored-incidents", new
        {
            type = "forced_marriage", date = "2026-10-15", regionPcode = "ML06", perpetratorCategory = "armed_group", consentForReporting = true,
        })).JsonAsync(HttpStatusCode.Created);

        var byCercle = await (await caseworker.GetAsync("/api/v1/grievances/statistics?month=2026-10&scope=own&level=cercle")).JsonAsync();
        var byRegion = await (await caseworker.GetAsync("/api/v1/grievances/statistics?month=2026-10&scope=own&level=region")).JsonAsync();

        Assert.Equal([("ML06", "1"), ("ML0602", "2")], IncidentCells(byCercle));
        Assert.Equal([("ML06", "3")], IncidentCells(byRegion));
        Assert.Equal("Goundam", byCercle.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("placePcode").GetString() == "ML0602").GetProperty("place").GetString());
    }

    private async Task<Guid> ProgramAsync(string code, string[] areas)
    {
        using var lead = await _platform.MemberAsync(Lead);
        var program = await lead.CreateProgramAsync(code, [new { partnerId = Member, role = "implementing" }], areas);
        await _platform.JoinAsync(program, Member);
        return program;
    }

    /// <summary>A completed mass activity at <paramref name="pcode"/> that reached <paramref name="women"/> women.</summary>
    private static async Task ReachedAsync(HttpClient member, Guid program, string pcode, int women)
    {
        var (id, etag) = await member.CreateActivityAsync(program, pcode, type: "radio_broadcast");
        await (await member.SendAsync(HttpMethod.Put, $"{ActivitiesClient.Activities}/{id}/reach", new
        {
            cells = new[] { new { sex = "female", ageBand = "18-59", hasDisability = false, displacementStatus = "idp", count = women } },
        }, etag)).JsonAsync();
        await (await member.CompleteAsync(id)).JsonAsync();
    }

    private static List<(string, string)> Aggregate(JsonElement reach) =>
        [.. reach.GetProperty("aggregate").EnumerateArray().Select(c => (c.GetProperty("communePcode").GetString()!, c.GetProperty("count").GetString()!))];

    private static List<(string, string)> IncidentCells(JsonElement statistics) =>
        [.. statistics.GetProperty("cells").EnumerateArray().Select(c => (c.GetProperty("placePcode").GetString()!, c.GetProperty("count").GetString()!))];

    /// <summary>A name as typed on a keyboard without accents: Ségou as Segou.</summary>
    private static string Plain(string name) =>
        new([.. name.Normalize(NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)]);
}
