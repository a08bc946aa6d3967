using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

namespace JusticePlatform.IntegrationTests.Grievances;

/// <summary>
/// July 2026 as two partners recorded it: incidents of survivors' cases and incidents protection
/// monitoring observed without a case, one of which later became a case's incident.
/// </summary>
public sealed class MonitoredIncidentTests(MonitoredIncidentTests.Platform fixture) : IClassFixture<MonitoredIncidentTests.Platform>
{
    private const string Monitored = "/api/v1/grievances/monitored-incidents";
    private const string Statistics = "/api/v1/grievances/statistics?month=2026-07";
    private readonly TestPlatform _platform = fixture.Platform;

    public sealed class Platform : PlatformFixture, IAsyncLifetime
    {
        protected override PlatformOptions Options => new() { Activities = false, Grievances = true, Gateway = true };

        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            using var amss = await Platform.CaseworkerAsync("amss");
            // Incidents of cases: 3 extortion in Gao and 2 injury in Mopti with consent for reporting; 1 extortion in Gao without.
            for (var i = 0; i < 3; i++) await amss.RecordIncidentAsync((await amss.OpenCaseAsync()).Id(), Casework.Incident("extortion", $"2026-07-{10 + i}", "ML0703"));
            for (var i = 0; i < 2; i++) await amss.RecordIncidentAsync((await amss.OpenCaseAsync()).Id(), Casework.Incident("injury", "2026-07-03", "ML0506"));
            await amss.RecordIncidentAsync((await amss.OpenCaseAsync(Casework.Case(reporting: false))).Id(), Casework.Incident("extortion", "2026-07-04", "ML0703"));

            // Monitoring, in one batch: 2 extortion in Gao (by commune, by region), 1 robbery in Tombouctou by region, 1 injury in Mopti,
            // all with consent; 1 robbery in Tombouctou without consent; 1 extortion in Gao of June.
            await Casework.SucceededAsync(await amss.PostAsJsonAsync($"{Monitored}/batch", new[]
            {
                MonitoredIncident("extortion", "2026-07-05", commune: "ML0703"),
                MonitoredIncident("extortion", "2026-07-06", region: "ML07"),
                MonitoredIncident("robbery", "2026-07-07", region: "ML06"),
                MonitoredIncident("injury", "2026-07-08", commune: "ML0506"),
                MonitoredIncident("robbery", "2026-07-09", region: "ML06", consent: false),
                MonitoredIncident("extortion", "2026-06-30", region: "ML07"),
            }), "recording monitored incidents");

            // Observed by monitoring, then the survivor opened a case: one incident, counted once.
            var observed = await Casework.SucceededAsync(await amss.PostAsJsonAsync(Monitored, MonitoredIncident("extortion", "2026-07-20", commune: "ML0703")), "recording a monitored incident");
            await amss.RecordIncidentAsync((await amss.OpenCaseAsync()).Id(), new
            {
                type = "extortion", date = "2026-07-20", dateIsApproximate = false, communePcode = "ML0703", perpetratorCategory = "armed_group",
                narrative = (string?)null, monitoredIncidentId = observed.Id(),
            });

            using var wildaf = await Platform.CaseworkerAsync("wildaf");
            await wildaf.RecordIncidentAsync((await wildaf.OpenCaseAsync()).Id(), Casework.Incident("death_threat", "2026-07-15", "ML0802"));
            await Casework.SucceededAsync(await wildaf.PostAsJsonAsync($"{Monitored}/batch", new[]
            {
                MonitoredIncident("robbery", "2026-07-16", commune: "ML1001"),
                MonitoredIncident("robbery", "2026-07-17", region: "ML10"),
            }), "recording monitored incidents");
        }
    }

    [Fact]
    public async Task A_partners_own_statistics_count_case_and_monitored_incidents_exactly_with_subtotals_and_a_linked_one_once()
    {
        using var amss = await _platform.CaseworkerAsync("amss", Scopes.GrievancesRead);

        var own = await amss.GetFromJsonAsync<JsonElement>($"{Statistics}&scope=own");

        // Gao extortion: 3 of cases + 2 monitored + 1 monitored then a case's; Mopti injury: 2 + 1; Tombouctou robbery: 1 monitored.
        Assert.Equal("own", own.GetProperty("scope").GetString());
        Assert.Equal(new Dictionary<(string, string), string>
        {
            [("ML05", "injury")] = "3",
            [("ML06", "robbery")] = "1",
            [("ML07", "extortion")] = "6",
        }.OrderBy(e => e.Key), Cells(own).OrderBy(e => e.Key));
        Assert.Equal([("ML05", "Mopti", "3"), ("ML06", "Tombouctou", "1"), ("ML07", "Gao", "6")],
            own.GetProperty("byRegion").EnumerateArray().Select(r => (r.GetProperty("regionPcode").GetString(), r.GetProperty("region").GetString(), r.GetProperty("count").GetString())));
        Assert.Equal([("extortion", "6"), ("injury", "3"), ("robbery", "1")],
            own.GetProperty("byType").EnumerateArray().Select(r => (r.GetProperty("incidentType").GetString(), r.GetProperty("count").GetString())));
        Assert.Equal("10", own.GetProperty("total").GetString());
    }

    [Fact]
    public async Task A_second_partners_own_statistics_hold_only_its_own_incidents()
    {
        using var wildaf = await _platform.CaseworkerAsync("wildaf", Scopes.GrievancesRead);

        var own = await wildaf.GetFromJsonAsync<JsonElement>($"{Statistics}&scope=own");

        Assert.Equal(new Dictionary<(string, string), string>
        {
            [("ML08", "death_threat")] = "1",
            [("ML10", "robbery")] = "2",
        }.OrderBy(e => e.Key), Cells(own).OrderBy(e => e.Key));
        Assert.Equal("3", own.GetProperty("total").GetString());
        Assert.Equal(["ML08", "ML10"], own.GetProperty("byRegion").EnumerateArray().Select(r => r.GetProperty("regionPcode").GetString()));
    }

    [Fact]
    public async Task Across_partners_monitored_incidents_count_once_and_small_cells_stay_suppressed_without_subtotals()
    {
        using var officer = await _platform.CaseworkerAsync("unhcr", Scopes.ProgramOfficer);

        var all = await officer.GetFromJsonAsync<JsonElement>($"{Statistics}&allPartners=true");

        Assert.Equal(new Dictionary<(string, string), string>
        {
            [("ML05", "injury")] = "<5",
            [("ML06", "robbery")] = "<5",
            [("ML07", "extortion")] = "6",
            [("ML08", "death_threat")] = "<5",
            [("ML10", "robbery")] = "<5",
        }.OrderBy(e => e.Key), Cells(all).OrderBy(e => e.Key));
        Assert.Equal("13", all.GetProperty("total").GetString());
        Assert.False(all.TryGetProperty("byRegion", out var byRegion) && byRegion.ValueKind != JsonValueKind.Null);
        Assert.False(all.TryGetProperty("byType", out var byType) && byType.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task A_monitored_incident_at_a_cercle_of_the_region_named_is_recorded_and_one_at_a_cercle_elsewhere_is_refused()
    {
        using var monitor = await _platform.CaseworkerAsync("places-monitor");

        var inGao = await monitor.PostAsJsonAsync(Monitored, MonitoredIncident("robbery", "2026-06-05", region: "ML07", commune: "ML0703"));
        var inGoundam = await monitor.PostAsJsonAsync(Monitored, MonitoredIncident("robbery", "2026-06-05", region: "ML07", commune: "ML0602"));
        var unknown = await monitor.PostAsJsonAsync(Monitored, MonitoredIncident("robbery", "2026-06-05", commune: "ML0799"));

        var recorded = await Casework.SucceededAsync(inGao, "recording a monitored incident at a cercle");
        Assert.Equal(("ML07", "ML0703"), (recorded.GetProperty("regionPcode").GetString(), recorded.GetProperty("communePcode").GetString()));
        await AssertRefusedAsync(inGoundam, "communePcode");
        await AssertRefusedAsync(unknown, "communePcode");
    }

    [Fact]
    public async Task A_monitored_incident_without_a_type_or_in_an_unknown_region_is_refused_naming_the_field_and_nothing_is_written()
    {
        using var ades = await _platform.CaseworkerAsync("ades");

        var noType = await ades.PostAsJsonAsync(Monitored, MonitoredIncident(null, "2026-07-05", region: "ML07"));
        var unknownRegion = await ades.PostAsJsonAsync(Monitored, MonitoredIncident("robbery", "2026-07-05", region: "ML99"));
        var noPlace = await ades.PostAsJsonAsync(Monitored, MonitoredIncident("robbery", "2026-07-05"));
        var badItem = await ades.PostAsJsonAsync($"{Monitored}/batch", new[]
        {
            MonitoredIncident("robbery", "2026-07-05", region: "ML07"),
            MonitoredIncident("robbery", "2026-07-05", region: "ML07", consent: null),
        });

        await AssertRefusedAsync(noType, "type");
        await AssertRefusedAsync(unknownRegion, "regionPcode");
        await AssertRefusedAsync(noPlace, "regionPcode");
        await AssertRefusedAsync(badItem, "[1].consentForReporting");
        var list = await ades.GetFromJsonAsync<JsonElement>(Monitored);
        Assert.Equal(0, list.GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task A_case_incident_naming_an_unknown_or_another_partners_monitored_incident_is_refused_with_422_and_nothing_is_written()
    {
        using var ades = await _platform.CaseworkerAsync("ades");
        using var wildaf = await _platform.CaseworkerAsync("wildaf");
        var wildafs = (await wildaf.GetFromJsonAsync<JsonElement>(Monitored)).GetProperty("items")[0].Id();
        var caseId = (await ades.OpenCaseAsync()).Id();

        foreach (var monitoredIncidentId in new[] { Guid.NewGuid(), wildafs })
        {
            var response = await ades.PostAsJsonAsync($"{Casework.Cases}/{caseId}/incidents", new
            {
                type = "robbery", date = "2026-07-05", dateIsApproximate = false, communePcode = "ML0703", perpetratorCategory = "unknown",
                narrative = (string?)null, monitoredIncidentId,
            });

            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains("monitoredIncidentId", await response.Content.ReadAsStringAsync());
        }

        Assert.Empty((await ades.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{caseId}/incidents")).EnumerateArray());
    }

    [Fact]
    public async Task A_partner_lists_its_own_monitored_incidents_paged()
    {
        using var amss = await _platform.CaseworkerAsync("amss", Scopes.GrievancesRead);

        var first = await amss.GetFromJsonAsync<JsonElement>($"{Monitored}?page=1&pageSize=5");
        var second = await amss.GetFromJsonAsync<JsonElement>($"{Monitored}?page=2&pageSize=5");

        Assert.Equal(7, first.GetProperty("totalCount").GetInt64());
        Assert.Equal(5, first.GetProperty("items").GetArrayLength());
        Assert.Equal(2, second.GetProperty("items").GetArrayLength());
        Assert.Equal("2026-07-20", first.GetProperty("items")[0].GetProperty("date").GetString());
        Assert.Equal("2026-06-30", second.GetProperty("items")[1].GetProperty("date").GetString());
    }

    private static object MonitoredIncident(string? type, string date, string? region = null, string? commune = null, bool? consent = true) =>
        new { type, date, regionPcode = region, communePcode = commune, perpetratorCategory = "armed_group", consentForReporting = consent };

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"{field} is not named in {errors}");
    }

    private static Dictionary<(string, string), string> Cells(JsonElement stats) =>
        stats.GetProperty("cells").EnumerateArray().ToDictionary(
            c => (c.GetProperty("regionPcode").GetString()!, c.GetProperty("incidentType").GetString()!),
            c => c.GetProperty("count").GetString()!);
}
