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
            foreach (var (sex, ageBand) in new[] { ((string?)null, (string?)null), ("female", null), (null, "18-59"), (null, "60+") })
            {
                await AssertSameAsRecountAsync(scope, ageOn, sex, ageBand);
            }
        }

        // The figures themselves: Awa (with her merged record), Binta, Coumba (erased) and Ery; Fanta's only activity was cancelled.
        var all = await _platform.ActivitiesDb(db => ReachQueries.DistinctPeopleAsync(db, new ActivityScope(program), ageOn, null, null, CancellationToken.None));
        var octoberOnIndicator = await _platform.ActivitiesDb(db => ReachQueries.DistinctPeopleAsync(
            db, new ActivityScope(program, IndicatorId: indicator, From: october.Item1, To: october.Item2), ageOn, null, null, CancellationToken.None));
        Assert.Equal((4L, 4L), (all.Total, octoberOnIndicator.Total));
        Assert.False(await _platform.ActivitiesDb(db => db.ReachedRecords.AnyAsync(r => r.BeneficiaryId == fanta)));
    }

    [Fact]
    public async Task A_merge_moves_the_reached_records_to_the_survivor_and_later_attendance_of_the_merged_id_lands_on_the_survivor()
    {
        using var member = await _platform.MemberAsync(Partner);
        var program = await member.CreateProgramAsync("REPOINT", [], ["ML0602"]);
        var objective = await member.AddObjectiveAsync(program, "SO1", "Accès à la justice");
        var result = await member.AddResultAsync(program, objective, "1.1", "output");
        var indicator = await member.AddIndicatorAsync(program, result, "1.1.1", "distinct_people");
        var survivor = await member.RegisterKnownAsync(Samples.Person("Mariam", birthDate: "1991-05-01"));
        var retired = await member.RegisterKnownAsync(Samples.Person("Mariam", familyName: "Cissé", birthDate: "2010-05-01", displacement: "returnee"));
        var other = await member.RegisterKnownAsync(Samples.Person("Oumou", birthDate: "1980-01-01"));
        await ActivityAsync(member, program, "ML060201", [indicator], "training", "2026-10-03", retired, other);

        (await member.PostAsJsonAsync($"/api/v1/beneficiaries/{survivor}/merge", new { mergedId = retired })).EnsureSuccessStatusCode();
        await member.WaitUntilKnownAsync(retired, known => known.GetProperty("mergedIntoId").ValueKind != System.Text.Json.JsonValueKind.Null);
        var moved = await _platform.ActivitiesDb(db => db.ReachedRecords.Where(r => r.ProgramId == program && r.BeneficiaryId == retired).Select(r => r.PersonId).ToListAsync());
        Assert.Equal([survivor, survivor], moved);

        // The merged id is still accepted, and counts as the survivor from the start.
        await ActivityAsync(member, program, "ML060202", [indicator], "workshop", "2026-11-03", retired);
        var later = await _platform.ActivitiesDb(db => db.ReachedRecords.Where(r => r.ProgramId == program && r.CommunePcode == "ML060202").Select(r => new { r.BeneficiaryId, r.PersonId }).ToListAsync());
        Assert.Equal(2, later.Count);
        Assert.All(later, row => Assert.Equal((retired, survivor), (row.BeneficiaryId, row.PersonId)));

        var ageOn = new DateOnly(2026, 11, 25);
        var figures = await _platform.ActivitiesDb(db => ReachQueries.DistinctPeopleAsync(db, new ActivityScope(program), ageOn, null, null, CancellationToken.None));
        Assert.Equal(2L, figures.Total);
        Assert.DoesNotContain(figures.People, c => c.AgeBand == "12-17"); // the survivor's categories, not the retired record's
        foreach (var scope in new ActivityScope[] { new(program), new(program, IndicatorId: indicator), new(program, From: new DateOnly(2026, 11, 1)) })
        {
            await AssertSameAsRecountAsync(scope, ageOn, null, null);
        }

        // A row written while the merge was committing still names the retired record: the figures stay exact.
        await _platform.ActivitiesDb(db => db.ReachedRecords.Where(r => r.ProgramId == program && r.CommunePcode == "ML060202" && r.IndicatorId == indicator)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.PersonId, retired)));
        foreach (var scope in new ActivityScope[] { new(program), new(program, IndicatorId: indicator) })
        {
            await AssertSameAsRecountAsync(scope, ageOn, null, null);
        }

        Assert.Equal(2L, (await _platform.ActivitiesDb(db => ReachQueries.DistinctPeopleAsync(db, new ActivityScope(program, IndicatorId: indicator), ageOn, null, null, CancellationToken.None))).Total);
    }

    private async Task AssertSameAsRecountAsync(ActivityScope scope, DateOnly ageOn, string? sex, string? ageBand)
    {
        var folded = await _platform.ActivitiesDb(db => ReachQueries.DistinctPeopleAsync(db, scope, ageOn, sex, ageBand, CancellationToken.None));
        var recounted = await _platform.ActivitiesDb(db => ReachQueries.RecountDistinctPeopleAsync(db, scope, ageOn, sex, ageBand, CancellationToken.None));
        Assert.Equal(Sorted(recounted.People), Sorted(folded.People));
        Assert.Equal(Sorted(recounted.ByCommune), Sorted(folded.ByCommune));
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
