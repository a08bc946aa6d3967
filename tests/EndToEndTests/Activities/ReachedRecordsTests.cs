using System.Net.Http.Json;
using JusticePlatform.Activities.Reports;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace JusticePlatform.EndToEndTests.Activities;

/// <summary>
/// Reports read attendance folded into reached_records; a plain recount from every attendance row
/// must give the same figures, whatever happened since: merges after the attendance, erasures,
/// attendance added to a completed activity, a completed activity cancelled, dates that cut
/// through a row's first and last end.
/// </summary>
public sealed class ReachedRecordsTests(ReachedRecordsTests.Platform fixture) : IClassFixture<ReachedRecordsTests.Platform>
{
    private const string Partner = "amss-folded";
    private readonly TestPlatform _platform = fixture.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero)) };
    }

    [Fact]
    public async Task The_folded_records_give_the_figures_of_a_plain_recount_after_merges_erasures_late_attendance_and_cancellations()
    {
        using var member = await _platform.MemberAsync(Partner);
        var program = await member.CreateProgramAsync("FOLDED", [], ["ML0602", "ML0605"]);
        var objective = await member.AddObjectiveAsync(program, "SO1", "Accès à la justice");
        var result = await member.AddResultAsync(program, objective, "1.1", "output");
        var indicator = await member.AddIndicatorAsync(program, result, "1.1.1", "distinct_people");
        var awa = await member.RegisterKnownAsync(Samples.Person("Awa", birthDate: "1990-05-01"));
        var binta = await member.RegisterKnownAsync(Samples.Person("Binta", birthDate: "2012-05-01", displacement: "returnee"));
        var coumba = await member.RegisterKnownAsync(Samples.Person("Coumba", sex: "female", birthDate: "1950-01-01"));
        var awaAgain = await member.RegisterKnownAsync(Samples.Person("Awa", familyName: "Touré", birthDate: "2001-05-01"));
        var ery = await member.RegisterKnownAsync(Samples.Person("Ery", sex: "male", birthDate: "1985-01-01", commune: "ML060501"));
        var fanta = await member.RegisterKnownAsync(Samples.Person("Fanta", birthDate: "1999-01-01"));

        var early = await ActivityAsync(member, program, "ML060201", [indicator], "training", "2026-10-03", awa, binta, coumba);
        await ActivityAsync(member, program, "ML060201", [indicator], "training", "2026-11-20", awa, awaAgain);
        await ActivityAsync(member, program, "ML060501", [], "workshop", "2026-10-10", binta, ery);
        var cancelled = await ActivityAsync(member, program, "ML060201", [indicator], "training", "2026-10-20", fanta);
        (await member.SendAsync(HttpMethod.Post, $"{ActivitiesClient.Activities}/{cancelled}/cancel", null, await member.ETagAsync(cancelled))).EnsureSuccessStatusCode();
        await (await member.AttendAsync(early, ery)).JsonAsync();
        (await member.PostAsJsonAsync($"/api/v1/beneficiaries/{awa}/merge", new { mergedId = awaAgain })).EnsureSuccessStatusCode();
        await member.WaitUntilKnownAsync(awaAgain, known => known.GetProperty("mergedIntoId").ValueKind != System.Text.Json.JsonValueKind.Null);
        (await member.PostAsync($"/api/v1/beneficiaries/{coumba}/erasure", null)).EnsureSuccessStatusCode();
        await member.WaitUntilKnownAsync(coumba, known => known.GetProperty("erasedAt").ValueKind != System.Text.Json.JsonValueKind.Null);

        var october = (new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31));
        var scopes = new ActivityScope[]
        {
            new(program),
            new(program, OwnPartnerId: Partner),
            new(program, IndicatorId: indicator),
            new(program, From: october.Item1, To: october.Item2),
            new(program, IndicatorId: indicator, From: october.Item1, To: october.Item2),
            new(program, From: new DateOnly(2026, 11, 1)),
            new(program, To: new DateOnly(2026, 10, 5)),
            new(program, ActivityType: "training"),
            new(program, Area: "ML0605"),
            new(program, OwnPartnerId: "another-partner"),
        };
        var ageOn = new DateOnly(2026, 11, 25);
        foreach (var scope in scopes)
        {
            foreach (var byCommune in new[] { false, true })
            {
                foreach (var sex in new[] { null, "female" })
                {
                    var folded = await _platform.ActivitiesDb(db => ReachQueries.DistinctPeopleAsync(db, scope, ageOn, byCommune, sex, null, CancellationToken.None));
                    var recounted = await _platform.ActivitiesDb(db => ReachQueries.RecountDistinctPeopleAsync(db, scope, ageOn, byCommune, sex, null, CancellationToken.None));
                    Assert.Equal(Sorted(recounted), Sorted(folded));
                }
            }
        }

        // The figures themselves: Awa (with her merged record), Binta, Coumba (erased) and Ery; Fanta's only activity was cancelled.
        var all = await _platform.ActivitiesDb(db => ReachQueries.DistinctPeopleAsync(db, new ActivityScope(program), ageOn, false, null, null, CancellationToken.None));
        var octoberOnIndicator = await _platform.ActivitiesDb(db => ReachQueries.DistinctPeopleAsync(
            db, new ActivityScope(program, IndicatorId: indicator, From: october.Item1, To: october.Item2), ageOn, false, null, null, CancellationToken.None));
        Assert.Equal((4L, 4L), (all.Sum(c => c.Count), octoberOnIndicator.Sum(c => c.Count)));
        Assert.False(await _platform.ActivitiesDb(db => db.ReachedRecords.AnyAsync(r => r.BeneficiaryId == fanta)));
    }

    private static List<CountCell> Sorted(List<CountCell> cells) =>
        cells.OrderBy(c => c.Commune).ThenBy(c => c.Sex).ThenBy(c => c.AgeBand).ThenBy(c => c.Disability).ThenBy(c => c.DisplacementStatus).ToList();

    private static async Task<Guid> ActivityAsync(HttpClient member, Guid program, string commune, Guid[] indicators, string type, string actualEnd, params Guid[] people)
    {
        var (id, _) = await member.CreateActivityAsync(program, commune, indicators, type);
        await (await member.AttendAsync(id, people)).JsonAsync();
        await (await member.CompleteAsync(id, actualEnd)).JsonAsync();
        return id;
    }
}
