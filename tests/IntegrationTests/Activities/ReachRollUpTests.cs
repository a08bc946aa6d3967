using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.Activities.Projections.Beneficiaries;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Contracts.Beneficiaries;
using JusticePlatform.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.IntegrationTests.Activities;

/// <summary>
/// Reach counted from named attendance, groups (their named members, or their member counts as
/// Beneficiaries' events carry them over the broker) and aggregate counts, and rolled up by any
/// dimensions from distinct people.
/// </summary>
public sealed class ReachRollUpTests(ReachRollUpTests.Platform platform) : IClassFixture<ReachRollUpTests.Platform>
{
    private const string Programs = "/api/v1/activities/programs";
    private readonly TestPlatform _platform = platform.Platform;
    private readonly LogCapture _logs = platform.Logs;

    public sealed class Platform : PlatformFixture
    {
        public LogCapture Logs { get; } = new();

        protected override PlatformOptions Options => new() { ActivitiesServices = Logs.AddTo };
    }

    [Fact]
    public async Task A_group_that_names_its_members_counts_them_as_persons_once_even_when_they_also_attended()
    {
        const string partner = "rollup-named-group";
        using var client = await ClientAsync(partner);
        var program = await CreateProgramAsync(client, "RU-NAMED");
        var attendees = await KnownAsync(partner, "female", 1990, 3);
        var onlyInTheGroup = await KnownAsync(partner, "male", 1980, 2);
        var group = await GroupAsync(partner, memberIds: [.. attendees.Take(2), .. onlyInTheGroup]);

        await ActivityAsync(client, program, "ML060201", [.. attendees, group]);

        var reach = await ReachAsync(client, program, "scope=own&by=sex");
        Assert.Equal("5", reach.GetProperty("distinctPeople").GetString());
        Assert.Equal(("female", "3"), Cell(reach, 0, "sex"));
        Assert.Equal(("male", "2"), Cell(reach, 1, "sex"));
    }

    [Fact]
    public async Task A_group_that_carries_member_counts_counts_them_by_sex_and_age_band_once_however_often_it_attended()
    {
        const string partner = "rollup-counted-group";
        using var client = await ClientAsync(partner);
        var program = await CreateProgramAsync(client, "RU-COUNTED");
        var group = await GroupAsync(partner, counts: [new GroupMemberCount("female", "18+", 7), new GroupMemberCount("male", "0-17", 6)]);

        await ActivityAsync(client, program, "ML060201", [group]);
        await ActivityAsync(client, program, "ML060201", [group]);

        var reach = await ReachAsync(client, program, "scope=own&by=sex,age_band");
        Assert.Equal(("0", "13"), (reach.GetProperty("distinctPeople").GetString(), reach.GetProperty("groupMembers").GetString()));
        Assert.Equal("13", reach.GetProperty("rollUp").GetProperty("total").GetString());
        Assert.Equal([("female", "18+", "7"), ("male", "0-17", "6")], reach.GetProperty("rollUp").GetProperty("cells").EnumerateArray()
            .Select(c => (c.GetProperty("values").GetProperty("sex").GetString(), c.GetProperty("values").GetProperty("age_band").GetString(), c.GetProperty("count").GetString())));
    }

    [Fact]
    public async Task Aggregate_reach_with_unknown_disability_and_displacement_is_kept_and_reported_as_unknown()
    {
        const string partner = "rollup-unknowns";
        using var client = await ClientAsync(partner);
        var program = await CreateProgramAsync(client, "RU-UNKNOWN");
        var broadcast = await ActivityAsync(client, program, "ML060201", []);

        await SetReachAsync(client, broadcast, new { sex = "female", ageBand = "18-59", disability = "unknown", count = 40 });

        var cell = Assert.Single((await ReachAsync(client, program, "scope=own")).GetProperty("aggregate").EnumerateArray());
        Assert.Equal(("unknown", "unknown", "40"), (cell.GetProperty("disability").GetString(), cell.GetProperty("displacementStatus").GetString(), cell.GetProperty("count").GetString()));
    }

    [Fact]
    public async Task A_roll_up_by_region_counts_a_person_reached_in_two_communes_of_the_region_once()
    {
        const string partner = "rollup-region";
        using var client = await ClientAsync(partner);
        var program = await CreateProgramAsync(client, "RU-REGION");
        var people = await KnownAsync(partner, "female", 1990, 6);

        await ActivityAsync(client, program, "ML060201", people);
        await ActivityAsync(client, program, "ML060501", people.Take(2).ToArray());

        var byCommune = await ReachAsync(client, program, "scope=own&by=commune");
        var byRegion = await ReachAsync(client, program, "scope=own&by=region");
        Assert.Equal([("ML060201", "6"), ("ML060501", "2")], Cells(byCommune, "commune"));
        Assert.Equal([("ML06", "6")], Cells(byRegion, "region"));
    }

    [Fact]
    public async Task The_roll_ups_of_a_program_with_named_attendance_aggregate_reach_and_a_group_add_up_to_one_another_and_to_the_report()
    {
        const string partner = "rollup-consistent";
        using var client = await ClientAsync(partner);
        var program = await CreateProgramAsync(client, "RU-CONSISTENT");
        var women = await KnownAsync(partner, "female", 1990, 8);
        var men = await KnownAsync(partner, "male", 1985, 6);
        var group = await GroupAsync(partner, counts: [new GroupMemberCount("female", "18+", 9), new GroupMemberCount("male", "18+", 7)]);
        await ActivityAsync(client, program, "ML060201", [.. women, .. men.Take(3), group]);
        await ActivityAsync(client, program, "ML060501", [.. men, group]);
        var radio = await ActivityAsync(client, program, "ML060501", []);
        await SetReachAsync(client, radio,
            new { sex = "female", ageBand = "18-59", disability = "unknown", count = 30 },
            new { sex = "male", ageBand = "60+", hasDisability = true, displacementStatus = "host", count = 12 });

        var all = await ReachAsync(client, program, "");
        var bySex = await ReachAsync(client, program, "by=sex");
        var byCommune = await ReachAsync(client, program, "by=commune");
        var byCommuneAndSex = await ReachAsync(client, program, "by=commune,sex");

        // Nothing is hidden here (every cell is 5 or more), so what is shown adds up.
        var total = long.Parse(all.GetProperty("rollUp").GetProperty("total").GetString()!);
        Assert.Equal(14 + 16 + 42, total);
        Assert.Equal(total, long.Parse(all.GetProperty("distinctPeople").GetString()!) + long.Parse(all.GetProperty("groupMembers").GetString()!)
                            + long.Parse(all.GetProperty("aggregateReach").GetString()!));
        Assert.Equal(total, Cells(bySex, "sex").Sum(c => long.Parse(c.Count)));
        foreach (var (commune, count) in Cells(byCommune, "commune"))
        {
            Assert.Equal(long.Parse(count), byCommuneAndSex.GetProperty("rollUp").GetProperty("cells").EnumerateArray()
                .Where(c => c.GetProperty("values").GetProperty("commune").GetString() == commune).Sum(c => long.Parse(c.GetProperty("count").GetString()!)));
        }

        // Three men and the group were reached in both communes: once each in the program's total, once in each commune.
        Assert.Equal([("ML060201", "27"), ("ML060501", "64")], Cells(byCommune, "commune"));
    }

    private static (string Value, string Count) Cell(JsonElement reach, int index, string dimension)
    {
        var cell = reach.GetProperty("rollUp").GetProperty("cells")[index];
        return (cell.GetProperty("values").GetProperty(dimension).GetString()!, cell.GetProperty("count").GetString()!);
    }

    private static List<(string Value, string Count)> Cells(JsonElement reach, string dimension) =>
        reach.GetProperty("rollUp").GetProperty("cells").EnumerateArray()
            .Select(c => (c.GetProperty("values").GetProperty(dimension).GetString()!, c.GetProperty("count").GetString()!)).ToList();

    private Task<HttpClient> ClientAsync(string partner) =>
        _platform.ClientAsync(_platform.Activities!, partner, Scopes.ActivitiesRead, Scopes.ActivitiesWrite);

    private async Task<JsonElement> ReachAsync(HttpClient client, Guid program, string query)
    {
        var response = await client.GetAsync($"{Programs}/{program}/reach?{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body + string.Join('\n', _logs.Lines.Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(l => l.Text)));
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task<Guid> CreateProgramAsync(HttpClient client, string code) =>
        (await JsonAsync(await client.PostAsJsonAsync(Programs, new
        {
            code, titleFr = "Accès à la justice", titleEn = "Access to justice", members = Array.Empty<object>(),
            funderIds = new[] { "XM-DAC-41146" }, sectorCodes = new[] { "15130" }, communePcodes = new[] { "ML0602", "ML0605" },
            startDate = "2026-01-01", endDate = "2027-12-31",
        }), HttpStatusCode.Created)).GetProperty("id").GetGuid();

    /// <summary>A completed activity in <paramref name="commune"/> attended by <paramref name="people"/>.</summary>
    private static async Task<Guid> ActivityAsync(HttpClient client, Guid program, string commune, Guid[] people)
    {
        var created = await client.PostAsJsonAsync("/api/v1/activities", new
        {
            programId = program, title = "Formation des relais", type = "training", communePcode = commune, plannedStart = "2026-10-01", plannedEnd = "2026-10-03",
        });
        var id = (await JsonAsync(created, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        if (people.Length > 0)
        {
            await JsonAsync(await client.PostAsJsonAsync($"/api/v1/activities/{id}/attendance", new { beneficiaryIds = people }), HttpStatusCode.OK);
        }

        await JsonAsync(await SendAsync(client, HttpMethod.Post, $"/api/v1/activities/{id}/complete", new { actualStart = "2026-10-01", actualEnd = "2026-10-03" },
            await ETagAsync(client, id)), HttpStatusCode.OK);
        return id;
    }

    private static async Task SetReachAsync(HttpClient client, Guid activity, params object[] cells) =>
        await JsonAsync(await SendAsync(client, HttpMethod.Put, $"/api/v1/activities/{activity}/reach", new { cells }, await ETagAsync(client, activity)), HttpStatusCode.OK);

    private static async Task<EntityTagHeaderValue> ETagAsync(HttpClient client, Guid activity) =>
        (await client.GetAsync($"/api/v1/activities/{activity}")).Headers.ETag!;

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object body, EntityTagHeaderValue etag)
    {
        using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(etag);
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>Individuals as Activities' projection holds them once their events arrived.</summary>
    private async Task<Guid[]> KnownAsync(string partner, string sex, int birthYear, int count)
    {
        var people = Enumerable.Range(0, count).Select(_ => new KnownBeneficiary
        {
            Id = Guid.CreateVersion7(), PartnerId = partner, Kind = "individual", Sex = sex, BirthYear = birthYear,
            DisplacementStatus = "idp", CommunePcode = "ML060201", RegisteredAt = _platform.Clock.GetUtcNow(),
        }).ToList();
        await _platform.ActivitiesDb(db =>
        {
            db.KnownBeneficiaries.AddRange(people);
            return db.SaveChangesAsync();
        });
        return people.Select(p => p.Id).ToArray();
    }

    /// <summary>A group as Beneficiaries announces it, over the broker; returns once Activities knows it.</summary>
    private async Task<Guid> GroupAsync(string partner, IReadOnlyList<Guid>? memberIds = null, IReadOnlyList<GroupMemberCount>? counts = null)
    {
        var id = Guid.CreateVersion7();
        var bus = _platform.Beneficiaries.Services.GetRequiredService<IBus>();
        await bus.Publish(new BeneficiaryRegistered(id, partner, "association", "unknown", null, false, "host", "ML060201", _platform.Clock.GetUtcNow(), 1,
            counts, memberIds));
        await Eventually.TrueAsync(() => _platform.ActivitiesDb(db => db.KnownBeneficiaries.AnyAsync(k => k.Id == id)), TimeSpan.FromSeconds(30), "the group to be known");
        return id;
    }
}
