using System.Net.Http.Json;
using JusticePlatform.Contracts.Grievances;
using JusticePlatform.TestSupport;
using Microsoft.Extensions.Time.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.EndToEndTests.Activities;

/// <summary>
/// The seed program: a justice project in six communes of the Goundam and Timbuktu cercles, led
/// by AMSS with WILDAF training community relays and ADES running radio broadcasts with eight
/// partner stations. The program officer asks how many distinct women aged 18–59 in Goundam
/// cercle the trainings reached.
/// </summary>
public sealed class JusticeProjectScenarioTests(JusticeProjectScenarioTests.Platform fixture) : IClassFixture<JusticeProjectScenarioTests.Platform>
{
    private const string Lead = "amss";
    private const string Trainer = "wildaf";
    private const string Broadcaster = "ades";

    private static readonly string[] GoundamCercle = ["ML060201", "ML060202", "ML060203"];
    private static readonly string[] TimbuktuCercle = ["ML060501", "ML060502", "ML060503"];

    private static readonly string[] Stations =
    [
        "Radio Jamana Goundam", "Radio Alfarouk", "Radio Jamana Tombouctou", "Radio Bouctou", "Radio Tahanint",
        "Radio Communautaire de Douékiré", "Radio Hamadoun", "Radio Niafunké FM",
    ];

    /// <summary>The platform's fixed clock: events the tests publish happen on it too.</summary>
    private static readonly DateTimeOffset Today = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private readonly TestPlatform _platform = fixture.Platform;

    public sealed class Platform : PlatformFixture
    {
        // A fixed day, so that dated answers (actual dates not in the future, age bands) do not change as the real date moves on.
        protected override PlatformOptions Options => new() { Gateway = true, Clock = new FakeTimeProvider(Today) };

        protected override string[] RegisteredPartners => [Trainer, Broadcaster];
    }

    [Fact]
    public async Task The_justice_project_reports_distinct_women_aged_18_to_59_reached_in_Goundam_cercle_and_its_indicator_progress()
    {
        using var lead = await _platform.MemberAsync(Lead);
        using var trainer = await _platform.MemberAsync(Trainer);
        using var broadcaster = await _platform.MemberAsync(Broadcaster);

        // The program, its consortium and its framework.
        var program = await lead.CreateProgramAsync("PAJ-GDM-TBK",
            [new { partnerId = Trainer, role = "implementing" }, new { partnerId = Broadcaster, role = "implementing" }],
            [.. GoundamCercle, .. TimbuktuCercle]);
        await _platform.JoinAsync(program, Trainer, Broadcaster);
        var q4 = await lead.AddPeriodAsync(program, "2026-Q4", "2026-10-01", "2026-12-31");
        var so1 = await lead.AddObjectiveAsync(program, "SO1", "Les citoyens connaissent et utilisent les initiatives d'accès à la justice");
        var so2 = await lead.AddObjectiveAsync(program, "SO2", "Les victimes obtiennent réparation");
        var r11 = await lead.AddResultAsync(program, so1, "1.1", "output");
        var r12 = await lead.AddResultAsync(program, so1, "1.2", "output");
        var r21 = await lead.AddResultAsync(program, so2, "2.1", "outcome");
        var trained = await lead.AddIndicatorAsync(program, r11, "1.1.1", "distinct_people", dimensions: ["sex", "age_band", "commune"],
            targets: [new { periodId = q4, value = 60 }, new { periodId = q4, value = 30, dimension = "sex", dimensionValue = "female" }]);
        var listeners = await lead.AddIndicatorAsync(program, r12, "1.2.1", "aggregate_reach", dimensions: ["sex"], targets: [new { periodId = q4, value = 4000 }]);
        await lead.AddIndicatorAsync(program, r21, "2.1.1", "grievance_outcomes", targets: [new { periodId = q4, value = 25 }]);

        // A training of community relays in each commune: four women and two men of working age, an older woman and a girl.
        var women = new Dictionary<string, List<Guid>>();
        var everyone = new List<Guid>();
        foreach (var commune in GoundamCercle.Concat(TimbuktuCercle))
        {
            women[commune] = [];
            for (var i = 0; i < 4; i++) women[commune].Add(await trainer.CreateBeneficiaryAsync(Samples.Person($"Relais{i}", commune, "female", "1990-01-15", commune)));
            var others = new[]
            {
                await trainer.CreateBeneficiaryAsync(Samples.Person("Moussa", commune, "male", "1985-06-06", commune)),
                await trainer.CreateBeneficiaryAsync(Samples.Person("Boubacar", commune, "male", "1979-02-02", commune)),
                await trainer.CreateBeneficiaryAsync(Samples.Person("Hadizatou", commune, "female", "1950-01-01", commune)),
                await trainer.CreateBeneficiaryAsync(Samples.Person("Aïssata", commune, "female", "2011-03-03", commune)),
            };
            everyone.AddRange(women[commune].Concat(others));
        }

        foreach (var id in everyone) await trainer.WaitUntilKnownAsync(id);
        foreach (var commune in GoundamCercle.Concat(TimbuktuCercle))
        {
            var (session, _) = await trainer.CreateActivityAsync(program, commune, [trained]);
            var attendees = everyone.Where((_, i) => i / 8 == Array.IndexOf([.. GoundamCercle, .. TimbuktuCercle], commune)).ToList();
            if (commune == "ML060202") attendees.Add(women["ML060201"][0]); // a relay of Goundam trained again in Douékiré
            await (await trainer.AttendAsync(session, [.. attendees])).JsonAsync();
            await (await trainer.CompleteAsync(session, actualEnd: "2026-10-15")).JsonAsync();
        }

        // Radio broadcasts by eight partner stations, reported as aggregate counts.
        for (var s = 0; s < Stations.Length; s++)
        {
            var commune = (s % 2 == 0 ? GoundamCercle : TimbuktuCercle)[s % 3];
            var (broadcast, _) = await broadcaster.CreateActivityAsync(program, commune, [listeners], type: "radio_broadcast", title: $"Émission sur l'accès à la justice — {Stations[s]}");
            await (await broadcaster.SendAsync(HttpMethod.Put, $"{ActivitiesClient.Activities}/{broadcast}/reach", new
            {
                cells = new object[]
                {
                    new { sex = "female", ageBand = "18-59", hasDisability = false, displacementStatus = "host", count = 250 },
                    new { sex = "male", ageBand = "18-59", hasDisability = false, displacementStatus = "host", count = 200 },
                    new { sex = "female", ageBand = "60+", hasDisability = true, displacementStatus = "idp", count = 3 },
                },
            }, await broadcaster.ETagAsync(broadcast))).JsonAsync();
            await (await broadcaster.CompleteAsync(broadcast, actualEnd: "2026-11-05")).JsonAsync();
        }

        var bus = _platform.Beneficiaries.Services.GetRequiredService<IBus>();
        await bus.Publish(new GrievanceRedressObtained(Guid.NewGuid(), Trainer, "compensation", new DateOnly(2026, 11, 10), "ML060201", "female", "18-59", Today, ProgramId: program));

        // The question of the program officer, asked by the lead.
        var womenInGoundam = await lead.ReachAsync(program, "commune=ML0602&sex=female&ageBand=18-59&activityType=training&ageOn=2026-11-25");
        var allTrainings = await lead.ReachAsync(program, "activityType=training&ageOn=2026-11-25");
        var radio = await lead.ReachAsync(program, "activityType=radio_broadcast");

        Assert.Equal("12", womenInGoundam.GetProperty("distinctPeople").GetString());
        Assert.Equal(["ML060201", "ML060202", "ML060203"],
            womenInGoundam.GetProperty("people").EnumerateArray().Select(c => c.GetProperty("communePcode").GetString()!).Distinct().Order());
        Assert.Equal("48", allTrainings.GetProperty("distinctPeople").GetString());
        // Figures that gather the consortium's work show cells under 5 as "<5": only Douékiré's women of working age reach 5.
        Assert.Equal(["5"], allTrainings.GetProperty("people").EnumerateArray().Select(c => c.GetProperty("count").GetString()!).Where(c => c != "<5"));
        Assert.Equal((8 * 453).ToString(System.Globalization.CultureInfo.InvariantCulture), radio.GetProperty("aggregateReach").GetString());

        await Eventually.TrueAsync(async () => (await lead.ProgressAsync(program, q4)).Indicator("2.1.1").GetProperty("actual").GetString() == "<5",
            TimeSpan.FromSeconds(30), "the redress outcome to be counted");
        var progress = await lead.ProgressAsync(program, q4);
        var training = progress.Indicator("1.1.1");
        Assert.Equal("48", training.GetProperty("actual").GetString());
        Assert.Equal(80.0m, training.GetProperty("percentOfTarget").GetDecimal());
        var bySex = training.GetProperty("byDimension").EnumerateArray().Single(d => d.GetProperty("dimension").GetString() == "sex");
        var female = bySex.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("value").GetString() == "female");
        Assert.Equal(("36", 30m), (female.GetProperty("actual").GetString(), female.GetProperty("target").GetDecimal()));
        var byCommune = training.GetProperty("byDimension").EnumerateArray().Single(d => d.GetProperty("dimension").GetString() == "commune");
        Assert.Equal("9", byCommune.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("value").GetString() == "ML060202").GetProperty("actual").GetString());
        Assert.Equal("3624", progress.Indicator("1.2.1").GetProperty("actual").GetString());
        Assert.Equal(90.6m, progress.Indicator("1.2.1").GetProperty("percentOfTarget").GetDecimal());
    }
}
