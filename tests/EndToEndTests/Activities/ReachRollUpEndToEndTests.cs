using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.Contracts.Activities;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace JusticePlatform.EndToEndTests.Activities;

/// <summary>Roll-ups, group reach and life-of-program progress through the gateway, from registration in Beneficiaries to the report.</summary>
public sealed class ReachRollUpEndToEndTests(ReachRollUpEndToEndTests.Platform fixture) : IClassFixture<ReachRollUpEndToEndTests.Platform>
{
    private const string Partner = "amss-rollups";
    private const string Outsider = "outsider-rollups";
    private readonly TestPlatform _platform = fixture.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero)) };
    }

    [Fact]
    public async Task A_group_registered_with_member_counts_counts_its_members_by_sex_and_age_band_in_reach()
    {
        using var member = await _platform.MemberAsync(Partner);
        var program = await member.CreateProgramAsync("RU-E2E-GROUP", [], ["ML0602"]);
        var group = await member.RegisterKnownAsync(new
        {
            kind = "association", groupName = "Groupement des femmes de Goundam", displacementStatus = "host", communePcode = "ML060201",
            members = new { femaleChildren = 0, maleChildren = 5, femaleAdults = 6, maleAdults = 0 },
            consent = new { given = true, date = "2026-11-01", scope = new[] { "registration", "services" } },
        });
        await CompletedAsync(member, program, "ML060201", "2026-10-03", group);

        var reach = await member.ReachAsync(program, "scope=own&by=sex,age_band");

        Assert.Equal("11", reach.GetProperty("groupMembers").GetString());
        Assert.Equal([("female", "18+", "6"), ("male", "0-17", "5")], reach.GetProperty("rollUp").GetProperty("cells").EnumerateArray()
            .Select(c => (c.GetProperty("values").GetProperty("sex").GetString(), c.GetProperty("values").GetProperty("age_band").GetString(), c.GetProperty("count").GetString())));
    }

    [Fact]
    public async Task Completing_an_activity_a_group_attended_publishes_its_member_counts_as_reach()
    {
        using var member = await _platform.MemberAsync(Partner);
        var program = await member.CreateProgramAsync("RU-E2E-EVENT", [], ["ML0602"]);
        var group = await member.RegisterKnownAsync(new
        {
            kind = "cooperative", groupName = "Coopérative des maraîchères", displacementStatus = "idp", communePcode = "ML060201",
            members = new { femaleChildren = 0, maleChildren = 0, femaleAdults = 9, maleAdults = 2 },
            consent = new { given = true, date = "2026-11-01", scope = new[] { "registration", "services" } },
        });

        var activity = await CompletedAsync(member, program, "ML060201", "2026-10-03", group);

        var body = await Eventually.ReturnsAsync(
            () => _platform.ActivitiesDb(db => db.OutboxMessages.Where(m => m.MessageType.Contains("completed") && m.Body.Contains(activity.ToString())).Select(m => m.Body).FirstOrDefaultAsync()),
            b => b is not null, TimeSpan.FromSeconds(30), "the completion event");
        var message = JsonSerializer.Deserialize<ActivityCompleted>(body!, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal([("female", "18+", "unknown", 9), ("male", "18+", "unknown", 2)],
            message.Reach.Select(r => (r.Sex, r.AgeBand, r.Disability, r.Count)));
    }

    [Fact]
    public async Task A_partner_that_is_not_in_the_program_gets_404_on_its_roll_ups()
    {
        using var member = await _platform.MemberAsync(Partner);
        using var outsider = await _platform.MemberAsync(Outsider);
        var (program, period) = await ProgramWithPeriodsAsync(member, "RU-E2E-404");

        var ownRollUp = await member.ReachAsync(program, "by=commune,sex");
        var reach = await outsider.GetAsync($"{ActivitiesClient.Programs}/{program}/reach?by=commune,sex");
        var progress = await outsider.GetAsync($"{ActivitiesClient.Programs}/{program}/progress?periodId={period.Q4}&by=sex");

        Assert.Equal("0", ownRollUp.GetProperty("rollUp").GetProperty("total").GetString());
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (reach.StatusCode, progress.StatusCode));
    }

    [Fact]
    public async Task A_roll_up_by_an_unknown_dimension_is_a_400_naming_by()
    {
        using var member = await _platform.MemberAsync(Partner);
        var program = await member.CreateProgramAsync("RU-E2E-400", [], ["ML0602"]);

        var problem = await (await member.GetAsync($"{ActivitiesClient.Programs}/{program}/reach?by=commune,partner")).JsonAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("by", out _), problem.ToString());
    }

    [Fact]
    public async Task Progress_shows_the_life_of_program_actual_and_target_beside_the_periods()
    {
        using var member = await _platform.MemberAsync(Partner);
        var (program, period) = await ProgramWithPeriodsAsync(member, "RU-E2E-CUMUL");
        var earlier = new List<Guid>();
        foreach (var name in new[] { "Assa", "Bintou", "Coura", "Djeneba", "Eve" })
        {
            earlier.Add(await member.RegisterKnownAsync(Samples.Person(name, "Cumul")));
        }

        var later = await member.RegisterKnownAsync(Samples.Person("Fatou", "Cumul"));
        await CompletedAsync(member, program, "ML060201", "2026-08-03", [.. earlier], period.Indicator);
        await CompletedAsync(member, program, "ML060201", "2026-10-03", [earlier[0], later], period.Indicator);

        var indicator = (await member.ProgressAsync(program, period.Q4, scope: "own")).Indicator("1.1.1");

        Assert.Equal(("2", "6"), (indicator.GetProperty("actual").GetString(), indicator.GetProperty("cumulativeActual").GetString()));
        Assert.Equal((30m, 60m), (indicator.GetProperty("target").GetDecimal(), indicator.GetProperty("cumulativeTarget").GetDecimal()));
        Assert.Equal(10m, indicator.GetProperty("cumulativePercentOfTarget").GetDecimal());
    }

    [Fact]
    public async Task Progress_rolls_an_indicator_up_by_the_dimensions_asked_for()
    {
        using var member = await _platform.MemberAsync(Partner);
        var (program, period) = await ProgramWithPeriodsAsync(member, "RU-E2E-PROGRESS");
        var awa = await member.RegisterKnownAsync(Samples.Person("Awa", "Rollup"));
        var ery = await member.RegisterKnownAsync(Samples.Person("Ery", "Rollup", sex: "male", birthDate: "1980-01-01"));
        await CompletedAsync(member, program, "ML060201", "2026-10-03", [awa, ery], period.Indicator);

        var response = await member.GetAsync($"{ActivitiesClient.Programs}/{program}/progress?periodId={period.Q4}&scope=own&by=region,sex");
        var rollUp = (await response.JsonAsync()).Indicator("1.1.1").GetProperty("rollUp");

        Assert.Equal("2", rollUp.GetProperty("total").GetString());
        Assert.Equal([("ML06", "female", "1"), ("ML06", "male", "1")], rollUp.GetProperty("cells").EnumerateArray()
            .Select(c => (c.GetProperty("values").GetProperty("region").GetString(), c.GetProperty("values").GetProperty("sex").GetString(), c.GetProperty("count").GetString())));
    }

    private sealed record Periods(Guid Q3, Guid Q4, Guid Indicator);

    /// <summary>A program of <paramref name="member"/> with two quarters, each with a target of 30 people on indicator 1.1.1.</summary>
    private static async Task<(Guid Program, Periods Periods)> ProgramWithPeriodsAsync(HttpClient member, string code)
    {
        var program = await member.CreateProgramAsync(code, [], ["ML0602"]);
        var q3 = await member.AddPeriodAsync(program, "2026-Q3", "2026-07-01", "2026-09-30");
        var q4 = await member.AddPeriodAsync(program, "2026-Q4", "2026-10-01", "2026-12-31");
        var objective = await member.AddObjectiveAsync(program, "SO1", "Accès à la justice");
        var result = await member.AddResultAsync(program, objective, "1.1", "output");
        var indicator = await member.AddIndicatorAsync(program, result, "1.1.1", "distinct_people",
            targets: [new { periodId = q3, value = 30 }, new { periodId = q4, value = 30 }]);
        return (program, new Periods(q3, q4, indicator));
    }

    private static async Task<Guid> CompletedAsync(HttpClient member, Guid program, string commune, string actualEnd, Guid group) =>
        await CompletedAsync(member, program, commune, actualEnd, [group], null);

    private static async Task<Guid> CompletedAsync(HttpClient member, Guid program, string commune, string actualEnd, Guid[] people, Guid? indicator)
    {
        var (id, _) = await member.CreateActivityAsync(program, commune, indicator is { } i ? [i] : []);
        await (await member.AttendAsync(id, people)).JsonAsync();
        await (await member.SendAsync(HttpMethod.Post, $"{ActivitiesClient.Activities}/{id}/complete", new { actualStart = actualEnd, actualEnd },
            await member.ETagAsync(id))).JsonAsync();
        return id;
    }
}
