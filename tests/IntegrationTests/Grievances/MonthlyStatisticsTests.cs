using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

namespace JusticePlatform.IntegrationTests.Grievances;

/// <summary>
/// A month like the protection update: 79 incidents across Gao, Mopti, Tombouctou, Ménaka and
/// Kidal recorded by two partners, 23 of them without consent for reporting.
/// </summary>
public sealed class MonthlyStatisticsTests(MonthlyStatisticsTests.Platform fixture) : IClassFixture<MonthlyStatisticsTests.Platform>
{
    private readonly TestPlatform _platform = fixture.Platform;

    /// <summary>The platform, with the month recorded once for the class.</summary>
    public sealed class Platform : PlatformFixture, IAsyncLifetime
    {
        protected override PlatformOptions Options => new() { Activities = false, Grievances = true, Gateway = true };

        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            Assert.Equal(79, October.Sum(o => o.Count));
            foreach (var group in October)
            {
                using var client = await Platform.CaseworkerAsync(group.Partner);
                for (var i = 0; i < group.Count; i++)
                {
                    var id = (await client.OpenCaseAsync(Casework.Case(reporting: group.Consent, age: 14 + i))).Id();
                    await client.RecordIncidentAsync(id, Casework.Incident(type: group.Type, commune: group.Commune, date: $"2026-10-{1 + i % 28:00}", narrative: null));
                }
            }

            // A consented incident of another month is not counted in October.
            using var amss = await Platform.CaseworkerAsync("amss");
            await amss.RecordIncidentAsync((await amss.OpenCaseAsync()).Id(), Casework.Incident(type: "extortion", commune: "ML0703", date: "2026-09-30"));
        }
    }

    // (partner, commune, type, incidents, consent for reporting)
    private static readonly (string Partner, string Commune, string Type, int Count, bool Consent)[] October =
    [
        ("amss", "ML0703", "extortion", 12, true),
        ("amss", "ML0703", "robbery", 6, true),
        ("amss", "ML0506", "forced_marriage", 8, true),
        ("amss", "ML0506", "injury", 3, true),
        ("amss", "ML060201", "death_threat", 4, true),
        ("amss", "ML0703", "extortion", 10, false),
        ("wildaf", "ML0702", "extortion", 5, true),
        ("wildaf", "ML1001", "robbery", 7, true),
        ("wildaf", "ML0802", "death_threat", 2, true),
        ("wildaf", "ML060501", "forced_marriage", 6, true),
        ("wildaf", "ML0502", "injury", 3, true),
        ("wildaf", "ML1001", "injury", 13, false),
    ];

    [Fact]
    public async Task Across_partners_the_cells_count_consented_incidents_by_region_and_type_suppress_small_cells_and_sum_to_the_consented_total()
    {
        using var officer = await _platform.CaseworkerAsync("unhcr", Scopes.ProgramOfficer);

        var stats = await officer.GetFromJsonAsync<JsonElement>("/api/v1/grievances/statistics?month=2026-10&allPartners=true");

        var cells = Cells(stats);
        var expected = new Dictionary<(string, string), string>
        {
            [("ML05", "forced_marriage")] = "8",
            [("ML05", "injury")] = "6",
            [("ML06", "death_threat")] = "<5",
            [("ML06", "forced_marriage")] = "6",
            [("ML07", "extortion")] = "17",
            [("ML07", "robbery")] = "6",
            [("ML08", "death_threat")] = "<5",
            [("ML10", "robbery")] = "7",
        };
        Assert.Equal(expected.OrderBy(e => e.Key), cells.OrderBy(e => e.Key));
        Assert.Equal("56", stats.GetProperty("total").GetString());
        // The shown cells and the true counts behind the two suppressed ones (4 and 2) make the consented total.
        Assert.Equal(56, cells.Values.Where(v => v != "<5").Sum(int.Parse) + 4 + 2);
        Assert.Equal(["Gao", "Kidal", "Mopti", "Ménaka", "Tombouctou"],
            stats.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("region").GetString()!).Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain("amss", stats.ToString());
        Assert.DoesNotContain("wildaf", stats.ToString());
    }

    [Fact]
    public async Task A_partner_sees_only_its_own_consented_incidents_and_needs_the_program_officer_scope_for_all()
    {
        using var wildaf = await _platform.CaseworkerAsync("wildaf");

        var own = await wildaf.GetFromJsonAsync<JsonElement>("/api/v1/grievances/statistics?month=2026-10");
        var all = await wildaf.GetAsync("/api/v1/grievances/statistics?month=2026-10&allPartners=true");
        var badMonth = await wildaf.GetAsync("/api/v1/grievances/statistics?month=octobre");

        Assert.Equal("23", own.GetProperty("total").GetString());
        Assert.Equal("5", Cells(own)[("ML07", "extortion")]);
        Assert.Equal("<5", Cells(own)[("ML05", "injury")]);
        Assert.False(Cells(own).ContainsKey(("ML10", "injury")));
        Assert.Equal(HttpStatusCode.Forbidden, all.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badMonth.StatusCode);
        Assert.Contains("month", await badMonth.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_total_cannot_give_back_the_one_cell_under_five_of_a_month()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        foreach (var (type, commune, count) in new[] { ("extortion", "ML0703", 8), ("injury", "ML0506", 2), ("death_threat", "ML060201", 9) })
        {
            for (var i = 0; i < count; i++)
            {
                var id = (await amss.OpenCaseAsync(Casework.Case(reporting: true, age: 20 + i))).Id();
                await amss.RecordIncidentAsync(id, Casework.Incident(type: type, commune: commune, date: $"2026-11-{1 + i:00}", narrative: null));
            }
        }

        var stats = await amss.GetFromJsonAsync<JsonElement>("/api/v1/grievances/statistics?month=2026-11");

        // 19 - 9 - 8 would give the 2 back: the next smallest cell, 8, is withheld as well.
        Assert.Equal("19", stats.GetProperty("total").GetString());
        Assert.Equal(new Dictionary<(string, string), string>
        {
            [("ML05", "injury")] = "<5",
            [("ML06", "death_threat")] = "9",
            [("ML07", "extortion")] = "x",
        }.OrderBy(e => e.Key), Cells(stats).OrderBy(e => e.Key));
    }

    private static Dictionary<(string, string), string> Cells(JsonElement stats) =>
        stats.GetProperty("cells").EnumerateArray().ToDictionary(
            c => (c.GetProperty("regionPcode").GetString()!, c.GetProperty("incidentType").GetString()!),
            c => c.GetProperty("count").GetString()!);
}
