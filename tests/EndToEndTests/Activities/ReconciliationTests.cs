using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace JusticePlatform.EndToEndTests.Activities;

/// <summary>
/// A program built as a consortium builds it, all through the gateway: a lead and two members in
/// six communes of the Goundam and Timbuktu cercles, named attendance, a group, radio audiences,
/// grievance cases with referrals and redress, a grant with lines and sub-recipients, costs in
/// three currencies, a cancelled activity, a locked quarter. Every figure the platform gives back
/// is checked against numbers this test works out by hand from what it created.
/// </summary>
public sealed class ReconciliationTests(ReconciliationTests.Platform fixture) : IClassFixture<ReconciliationTests.Platform>
{
    private const string Lead = "amss";
    private const string Trainer = "wildaf";
    private const string Broadcaster = "ades";
    private const string Cases = "/api/v1/grievances/cases";
    private const string Funding = "/api/v1/funding";

    /// <summary>The fixed parity of the CFA franc and the USD/EUR rate the administrator enters.</summary>
    private const decimal XofPerEur = 655.957m;
    private const decimal EurPerUsd = 0.92m;

    private static readonly DateTimeOffset Today = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private readonly Platform _fixture = fixture;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Grievances = true, Funding = true, Clock = new FakeTimeProvider(Today) };

        protected override string[] RegisteredPartners => [Lead, Trainer, Broadcaster];

        private readonly SemaphoreSlim _building = new(1, 1);
        private Built? _program;

        /// <summary>The program, built once for every test of the class.</summary>
        public async Task<Built> ProgramAsync()
        {
            await _building.WaitAsync();
            try
            {
                return _program ??= await BuildAsync(Platform);
            }
            finally
            {
                _building.Release();
            }
        }
    }

    /// <summary>What the program was built with: each test works its expected figures out by hand from it.</summary>
    public sealed record Built(
        Guid Id, Guid OtherProgram, Guid Q3, Guid Q4, Guid OtherQ4, Guid Grant,
        IReadOnlyList<Cost> Costs, Guid Cancelled, Guid NoLine, Guid NoRate, Guid Trainings, Guid Radio, HttpStatusCode CancellingInLockedPeriod);

    /// <summary>An activity's actual cost, in what it was paid in, and the line it can be booked on (none when it cannot be booked).</summary>
    public sealed record Cost(Guid Activity, decimal Amount, string Currency, Guid? BookableOn);

    private static Task<HttpClient> PartnerAsync(TestPlatform platform, string partner) =>
        platform.ThroughGatewayAsync(partner, Scopes.BeneficiariesRead, Scopes.BeneficiariesWrite, Scopes.ActivitiesRead, Scopes.ActivitiesWrite,
            Scopes.FundingRead, Scopes.FundingWrite, Scopes.GrievancesRead, Scopes.GrievancesCasework);

    /// <summary>The cost in CFA francs as the rules say: the fixed parity for EUR, USD through EUR, rounded once to the franc.</summary>
    private static decimal InXof(decimal amount, string currency) => currency switch
    {
        "XOF" => amount,
        "EUR" => Math.Round(amount * XofPerEur, 0, MidpointRounding.AwayFromZero),
        "USD" => Math.Round(amount * EurPerUsd * XofPerEur, 0, MidpointRounding.AwayFromZero),
        _ => throw new ArgumentException(currency),
    };

    private static async Task<Built> BuildAsync(TestPlatform platform)
    {
        using var lead = await PartnerAsync(platform, Lead);
        using var trainer = await PartnerAsync(platform, Trainer);
        using var broadcaster = await PartnerAsync(platform, Broadcaster);
        using var admin = await platform.ThroughGatewayAsync("platform", Scopes.Admin);

        // The program, its consortium, its framework; and a second program of the lead in the same communes.
        var program = await lead.CreateProgramAsync("REC-GDM-TBK",
            [new { partnerId = Trainer, role = "implementing" }, new { partnerId = Broadcaster, role = "implementing" }],
            ["ML060201", "ML060202", "ML060203", "ML060501", "ML060502", "ML060503"]);
        await platform.JoinAsync(program, Trainer, Broadcaster);
        var q3 = await lead.AddPeriodAsync(program, "2026-Q3", "2026-07-01", "2026-09-30");
        var q4 = await lead.AddPeriodAsync(program, "2026-Q4", "2026-10-01", "2026-12-31");
        var so1 = await lead.AddObjectiveAsync(program, "SO1", "Les citoyens connaissent et utilisent les initiatives d'accès à la justice");
        var so2 = await lead.AddObjectiveAsync(program, "SO2", "Les victimes obtiennent réparation");
        var trained = await lead.AddIndicatorAsync(program, await lead.AddResultAsync(program, so1, "1.1", "output"), "1.1.1", "distinct_people", dimensions: ["sex"]);
        var listeners = await lead.AddIndicatorAsync(program, await lead.AddResultAsync(program, so1, "1.2", "output"), "1.2.1", "aggregate_reach");
        await lead.AddIndicatorAsync(program, await lead.AddResultAsync(program, so2, "2.1", "outcome"), "2.1.1", "grievance_outcomes");

        var other = await lead.CreateProgramAsync("REC-OTHER", [], ["ML060201", "ML060202", "ML060203"]);
        var otherQ4 = await lead.AddPeriodAsync(other, "2026-Q4", "2026-10-01", "2026-12-31");
        var otherSo = await lead.AddObjectiveAsync(other, "SO2", "Les victimes obtiennent réparation");
        await lead.AddIndicatorAsync(other, await lead.AddResultAsync(other, otherSo, "2.1", "outcome"), "2.1.1", "grievance_outcomes");

        // The grant, once Funding knows the program and its members; a line for trainings, one for radio.
        var donor = (await (await lead.PostAsJsonAsync($"{Funding}/organisations", new { name = "USAID", iatiIdentifier = "US-GOV-1", type = "government", role = "donor" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var grantCreated = await Eventually.ReturnsAsync(() => lead.PostAsJsonAsync($"{Funding}/grants", new
            {
                title = "Accès à la justice à Goundam et Tombouctou", funderOrganisationId = donor, recipientPartnerId = Lead, programId = program,
                programLeadPartnerId = Lead, amount = 89_000_000m, currency = "XOF", startDate = "2026-01-01", endDate = "2026-12-31", status = "active",
                subRecipientPartnerIds = new[] { Trainer, Broadcaster },
            }),
            response => response.StatusCode != HttpStatusCode.UnprocessableEntity, Wait, "Funding to hear of the program");
        var grant = (await grantCreated.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var trainings = await LineAsync(lead, grant, "1.1", "Formations", "trainings", 20_000_000m);
        var radio = await LineAsync(lead, grant, "1.2", "Émissions radio", "communication", 10_000_000m);
        await Eventually.TrueAsync(() => platform.ActivitiesDb(db => db.ProjectedBudgetLines.CountAsync(l => l.Id == trainings || l.Id == radio)).ContinueWith(t => t.Result == 2),
            Wait, "Activities to know the lines");
        await (await admin.PostAsJsonAsync($"{Funding}/exchange-rates", new { @base = "USD", quote = "EUR", rate = EurPerUsd, effectiveDate = "2026-10-01", source = "ECB euro reference rate" }))
            .JsonAsync(HttpStatusCode.Created);

        var costs = new List<Cost>();

        // WILDAF: six relays trained in Goundam in September, two of them again with five others in October (paid in EUR).
        var relays = new List<Guid>();
        for (var i = 0; i < 11; i++)
        {
            var sex = i is 4 or 5 ? "male" : "female";
            relays.Add(await trainer.RegisterKnownAsync(Samples.Person($"Relais{i}", "Goundam", sex, "1990-01-15", "ML060201")));
        }

        var september = await ActivityAsync(trainer, program, "ML060201", [trained], "training", "2026-09-10", trainings, 1_420_000m, "XOF");
        await (await trainer.AttendAsync(september, [.. relays.Take(6)])).JsonAsync();
        await CompleteAsync(trainer, september, "2026-09-15", 1_420_000m, "XOF");
        costs.Add(new Cost(september, 1_420_000m, "XOF", trainings));

        var october = await ActivityAsync(trainer, program, "ML060201", [trained], "training", "2026-10-10", trainings, 800m, "EUR");
        await (await trainer.AttendAsync(october, [relays[0], relays[1], .. relays.Skip(6)])).JsonAsync();
        await CompleteAsync(trainer, october, "2026-10-10", 800m, "EUR");
        costs.Add(new Cost(october, 800m, "EUR", trainings));

        // A training in Douékiré completed, then cancelled: its one attendee and its cost must leave every figure.
        var stray = await trainer.RegisterKnownAsync(Samples.Person("Kadidia", "Annulée", "female", "1992-05-05", "ML060203"));
        var cancelled = await ActivityAsync(trainer, program, "ML060203", [trained], "training", "2026-10-20", trainings, 600_000m, "XOF");
        await (await trainer.AttendAsync(cancelled, stray)).JsonAsync();
        await CompleteAsync(trainer, cancelled, "2026-10-20", 600_000m, "XOF");

        // An awareness session naming no line: its cost can be booked nowhere and must be listed.
        var unbooked = await ActivityAsync(trainer, program, "ML060203", [], "sensitization_session", "2026-10-22", null, 200_000m, "XOF");
        await CompleteAsync(trainer, unbooked, "2026-10-22", 200_000m, "XOF");
        costs.Add(new Cost(unbooked, 200_000m, "XOF", null));

        // A workshop on the trainings line paid in dollars in September, before the first USD rate: it names a line but cannot be converted into francs.
        var noRate = await ActivityAsync(trainer, program, "ML060202", [], "workshop", "2026-09-20", trainings, 150m, "USD");
        await CompleteAsync(trainer, noRate, "2026-09-20", 150m, "USD");
        costs.Add(new Cost(noRate, 150m, "USD", null));

        // ADES: a training of five paralegals in Tombouctou (paid in USD), a women's and men's association, a broadcast.
        var paralegals = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            paralegals.Add(await broadcaster.RegisterKnownAsync(Samples.Person($"Parajuriste{i}", "Tombouctou", i < 3 ? "female" : "male", "1988-03-03", "ML060501")));
        }

        var paralegalTraining = await ActivityAsync(broadcaster, program, "ML060501", [trained], "training", "2026-10-12", trainings, 300m, "USD");
        await (await broadcaster.AttendAsync(paralegalTraining, [.. paralegals])).JsonAsync();
        await CompleteAsync(broadcaster, paralegalTraining, "2026-10-12", 300m, "USD");
        costs.Add(new Cost(paralegalTraining, 300m, "USD", trainings));

        var association = await broadcaster.RegisterKnownAsync(new
        {
            kind = "association", groupName = "Association des femmes et des hommes de Bourem-Inaly", displacementStatus = "host", communePcode = "ML060502",
            members = new { femaleChildren = 0, maleChildren = 0, femaleAdults = 6, maleAdults = 4 },
            consent = new { given = true, date = "2026-11-01", scope = new[] { "registration", "services" } },
        });
        var groupSession = await ActivityAsync(broadcaster, program, "ML060502", [trained], "training", "2026-10-14", trainings, 1_000_000m, "XOF");
        await (await broadcaster.AttendAsync(groupSession, association)).JsonAsync();
        await CompleteAsync(broadcaster, groupSession, "2026-10-14", 1_000_000m, "XOF");
        costs.Add(new Cost(groupSession, 1_000_000m, "XOF", trainings));

        costs.Add(new Cost(await BroadcastAsync(broadcaster, program, "ML060503", listeners, radio, 250, 200, 750_000m), 750_000m, "XOF", radio));

        // AMSS, the lead, broadcasts too, on its own line.
        costs.Add(new Cost(await BroadcastAsync(lead, program, "ML060202", listeners, radio, 100, 80, 500_000m), 500_000m, "XOF", radio));

        await (await trainer.SendAsync(HttpMethod.Post, $"{ActivitiesClient.Activities}/{cancelled}/cancel", null, await trainer.ETagAsync(cancelled))).JsonAsync();

        // Grievances: three cases of the lead with redress (one referred to WILDAF), one without; two of WILDAF with redress.
        for (var i = 0; i < 3; i++)
        {
            var caseId = await CaseAsync(lead, program, "ML060201", redress: true);
            if (i == 0)
            {
                await (await lead.PostAsJsonAsync($"{Cases}/{caseId}/referrals", new { serviceType = "legal_aid", toPartnerId = Trainer })).JsonAsync(HttpStatusCode.Created);
            }
        }

        await CaseAsync(lead, program, "ML060202", redress: false);
        await CaseAsync(trainer, program, "ML060201", redress: true);
        await CaseAsync(trainer, program, "ML060203", redress: true);

        // The lead locks the third quarter: September's training can no longer be cancelled.
        await (await lead.PostAsync($"{ActivitiesClient.Programs}/{program}/periods/{q3}/lock", null)).JsonAsync();
        var refused = await trainer.SendAsync(HttpMethod.Post, $"{ActivitiesClient.Activities}/{september}/cancel", null, await trainer.ETagAsync(september));

        return new Built(program, other, q3, q4, otherQ4, grant, costs, cancelled, unbooked, noRate, trainings, radio, refused.StatusCode);
    }

    private static async Task<Guid> LineAsync(HttpClient lead, Guid grant, string code, string name, string costCategory, decimal amount) =>
        (await (await lead.PostAsJsonAsync($"{Funding}/grants/{grant}/budget-lines", new
        {
            code, name, kind = "cost-category", costCategory, amount, periodStart = "2026-01-01", periodEnd = "2026-12-31",
        })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private static async Task<Guid> ActivityAsync(HttpClient member, Guid program, string commune, Guid[] indicators, string type, string day,
        Guid? budgetLineId, decimal amount, string currency) =>
        (await (await member.PostAsJsonAsync(ActivitiesClient.Activities, new
        {
            programId = program, title = $"{type} {commune} {day}", type, indicatorIds = indicators, communePcode = commune,
            plannedStart = day, plannedEnd = day, plannedCost = new { amount, currency, valueDate = day }, budgetLineId,
        })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private static async Task CompleteAsync(HttpClient member, Guid activity, string day, decimal amount, string currency) =>
        await (await member.SendAsync(HttpMethod.Post, $"{ActivitiesClient.Activities}/{activity}/complete", new
        {
            actualStart = day, actualEnd = day, actualCost = new { amount, currency, valueDate = day },
        }, await member.ETagAsync(activity))).JsonAsync();

    private static async Task<Guid> BroadcastAsync(HttpClient member, Guid program, string commune, Guid indicator, Guid line, int women, int men, decimal cost)
    {
        var broadcast = await ActivityAsync(member, program, commune, [indicator], "radio_broadcast", "2026-11-05", line, cost, "XOF");
        await (await member.SendAsync(HttpMethod.Put, $"{ActivitiesClient.Activities}/{broadcast}/reach", new
        {
            cells = new object[]
            {
                new { sex = "female", ageBand = "18-59", hasDisability = false, displacementStatus = "host", count = women },
                new { sex = "male", ageBand = "18-59", hasDisability = false, displacementStatus = "host", count = men },
            },
        }, await member.ETagAsync(broadcast))).JsonAsync();
        await CompleteAsync(member, broadcast, "2026-11-05", cost, "XOF");
        return broadcast;
    }

    /// <summary>Opens a case naming the program (once Grievances knows the partner is in it), with redress obtained on 20 November if asked.</summary>
    private static async Task<Guid> CaseAsync(HttpClient caseworker, Guid program, string commune, bool redress)
    {
        var opened = await Eventually.ReturnsAsync(() => caseworker.PostAsJsonAsync(Cases, new
            {
                survivor = new { name = "Aminata Touré" }, sex = "female", ageAtRegistration = 24, riskLevel = "high",
                consent = new { services = true, referral = true, reporting = true }, programId = program,
            }),
            response => response.StatusCode != HttpStatusCode.UnprocessableEntity, Wait, "Grievances to hear of the program and its members");
        var id = (await opened.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await caseworker.PostAsJsonAsync($"{Cases}/{id}/incidents", new
        {
            type = "extortion", date = "2026-11-01", dateIsApproximate = false, communePcode = commune, perpetratorCategory = "family_member",
        })).JsonAsync(HttpStatusCode.Created);
        if (redress)
        {
            var etag = (await caseworker.GetAsync($"{Cases}/{id}")).Headers.ETag;
            await (await caseworker.SendAsync(HttpMethod.Put, $"{Cases}/{id}/redress", new { status = "redress_obtained", kind = "compensation", date = "2026-11-20" }, etag))
                .JsonAsync();
        }

        return id;
    }

    private static Dictionary<string, string> Cells(JsonElement reach) =>
        reach.GetProperty("rollUp").GetProperty("cells").EnumerateArray().ToDictionary(
            c => string.Join('/', c.GetProperty("values").EnumerateObject().Select(v => v.Value.GetString())),
            c => c.GetProperty("count").GetString()!);

    private static long Total(JsonElement reach) => long.Parse(reach.GetProperty("rollUp").GetProperty("total").GetString()!, CultureInfo.InvariantCulture);

    private static string Text(long n) => n.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Reach_counts_each_person_once_adds_group_members_and_audiences_and_its_cells_add_up_to_every_roll_up()
    {
        var built = await _fixture.ProgramAsync();
        using var lead = await PartnerAsync(_fixture.Platform, Lead);
        using var trainer = await PartnerAsync(_fixture.Platform, Trainer);
        using var broadcaster = await PartnerAsync(_fixture.Platform, Broadcaster);

        // By hand: WILDAF 11 relays (9 women, 2 men; two trained twice, the cancelled training's attendee not at all);
        // ADES 5 paralegals (3 women, 2 men) and an association of 6 women and 4 men, 250 women and 200 men listening; AMSS 100 women, 80 men listening.
        var own = new Dictionary<string, Dictionary<string, long>>
        {
            [Trainer] = new() { ["ML060201/female"] = 9, ["ML060201/male"] = 2 },
            [Broadcaster] = new() { ["ML060501/female"] = 3, ["ML060501/male"] = 2, ["ML060502/female"] = 6, ["ML060502/male"] = 4, ["ML060503/female"] = 250, ["ML060503/male"] = 200 },
            [Lead] = new() { ["ML060202/female"] = 100, ["ML060202/male"] = 80 },
        };
        var clients = new Dictionary<string, HttpClient> { [Lead] = lead, [Trainer] = trainer, [Broadcaster] = broadcaster };
        foreach (var (partner, expected) in own)
        {
            var byCommuneAndSex = await clients[partner].ReachAsync(built.Id, "scope=own&by=commune,sex");
            Assert.Equal(expected.ToDictionary(e => e.Key, e => Text(e.Value)), Cells(byCommuneAndSex));
            Assert.Equal(expected.Values.Sum(), Total(byCommuneAndSex));
            Assert.Equal(expected.Values.Sum(), Total(await clients[partner].ReachAsync(built.Id, "scope=own")));
        }

        var whole = await lead.ReachAsync(built.Id);
        var bySex = await lead.ReachAsync(built.Id, "by=sex");
        var byRegion = await lead.ReachAsync(built.Id, "by=region");
        long women = own.Values.SelectMany(e => e).Where(e => e.Key.EndsWith("/female", StringComparison.Ordinal)).Sum(e => e.Value);
        long men = own.Values.SelectMany(e => e).Where(e => e.Key.EndsWith("/male", StringComparison.Ordinal)).Sum(e => e.Value);

        Assert.Equal(("16", "10", "630"), (whole.GetProperty("distinctPeople").GetString(), whole.GetProperty("groupMembers").GetString(), whole.GetProperty("aggregateReach").GetString()));
        Assert.Equal(16 + 10 + 630, Total(whole));
        Assert.Equal(new Dictionary<string, string> { ["female"] = Text(women), ["male"] = Text(men) }, Cells(bySex));
        Assert.Equal(women + men, Total(bySex));
        Assert.Equal(new Dictionary<string, string> { ["ML06"] = Text(women + men) }, Cells(byRegion));
        Assert.Equal(Total(whole), Total(byRegion));
    }

    [Fact]
    public async Task Indicator_progress_counts_distinct_people_per_quarter_and_for_the_life_of_the_program_and_the_audiences()
    {
        var built = await _fixture.ProgramAsync();
        using var lead = await PartnerAsync(_fixture.Platform, Lead);

        var q3 = (await lead.ProgressAsync(built.Id, built.Q3)).Indicator("1.1.1");
        var q4 = await lead.ProgressAsync(built.Id, built.Q4);

        // Q3: the six relays of September. Q4: two of them again and five others, five paralegals, the association's ten members.
        Assert.Equal("6", q3.GetProperty("actual").GetString());
        Assert.Equal(("22", "26"), (q4.Indicator("1.1.1").GetProperty("actual").GetString(), q4.Indicator("1.1.1").GetProperty("cumulativeActual").GetString()));
        Assert.Equal("630", q4.Indicator("1.2.1").GetProperty("actual").GetString());
    }

    [Fact]
    public async Task The_redress_indicator_counts_the_programs_cases_with_redress_and_another_program_of_the_lead_counts_none()
    {
        var built = await _fixture.ProgramAsync();
        using var lead = await PartnerAsync(_fixture.Platform, Lead);

        // Three of the lead's cases and two of WILDAF's obtained redress; the fourth case of the lead did not.
        await Eventually.TrueAsync(async () => (await lead.ProgressAsync(built.Id, built.Q4)).Indicator("2.1.1").GetProperty("actual").GetString() == "5",
            Wait, "the five redress outcomes to reach the program");
        var own = (await lead.ProgressAsync(built.Id, built.Q4, scope: "own")).Indicator("2.1.1");
        var other = (await lead.ProgressAsync(built.OtherProgram, built.OtherQ4, scope: "own")).Indicator("2.1.1");

        Assert.Equal("3", own.GetProperty("actual").GetString());
        Assert.Equal("0", other.GetProperty("actual").GetString());
    }

    [Fact]
    public async Task The_burn_equals_the_bookings_equals_the_converted_costs_of_completed_activities_and_every_cost_is_booked_or_listed()
    {
        var built = await _fixture.ProgramAsync();
        using var lead = await PartnerAsync(_fixture.Platform, Lead);
        var onLines = built.Costs.Where(c => c.BookableOn is not null).ToList();
        var expectedBurn = onLines.Sum(c => InXof(c.Amount, c.Currency));

        // Every booking on a line, plus the cancelled training's booking and its reversal.
        var transactions = await Eventually.ReturnsAsync(
            async () => (await (await lead.GetAsync($"{Funding}/grants/{built.Grant}/transactions?pageSize=100")).JsonAsync()).GetProperty("items").EnumerateArray().ToList(),
            items => items.Count == onLines.Count + 2, Wait, "every completion and the cancellation to be booked");
        var unbooked = await Eventually.ReturnsAsync(
            async () => (await (await lead.GetAsync($"{Funding}/programs/{built.Id}/unbooked-expenditures?pageSize=100")).JsonAsync()).GetProperty("items").EnumerateArray().ToList(),
            items => items.Count == 2, Wait, "the two costs that cannot be booked to be listed");
        var report = await (await lead.GetAsync($"{Funding}/grants/{built.Grant}/budget-vs-actual")).JsonAsync();

        Assert.Equal(HttpStatusCode.Conflict, built.CancellingInLockedPeriod);
        var byActivity = transactions.GroupBy(t => t.GetProperty("activityId").GetGuid())
            .ToDictionary(g => g.Key, g => g.Sum(t => InXof(t.GetProperty("amount").GetDecimal(), t.GetProperty("currency").GetString()!)));
        Assert.Equal(0m, byActivity[built.Cancelled]);
        Assert.Equal(onLines.ToDictionary(c => c.Activity, c => InXof(c.Amount, c.Currency)), byActivity.Where(a => a.Key != built.Cancelled).ToDictionary());
        Assert.Equal(expectedBurn, byActivity.Values.Sum());
        Assert.Equal(1_420_000m + 524_766m + 181_044m + 1_000_000m + 750_000m + 500_000m, expectedBurn);
        Assert.Equal(expectedBurn, report.GetProperty("grant").GetProperty("spent").GetDecimal());
        Assert.Equal(expectedBurn, report.GetProperty("total").GetProperty("spent").GetDecimal());
        foreach (var line in new[] { built.Trainings, built.Radio })
        {
            Assert.Equal(onLines.Where(c => c.BookableOn == line).Sum(c => InXof(c.Amount, c.Currency)),
                report.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("budgetLineId").GetGuid() == line).GetProperty("spent").GetDecimal());
        }

        Assert.Equal([(built.NoLine, "no_budget_line", 200_000m, "XOF"), (built.NoRate, "no_exchange_rate", 150m, "USD")], unbooked
            .Select(u => (u.GetProperty("activityId").GetGuid(), u.GetProperty("reason").GetString(), u.GetProperty("amount").GetDecimal(), u.GetProperty("currency").GetString()))
            .OrderBy(u => u.Item2, StringComparer.Ordinal));
        // Beside the burn, what names a line of the grant but is not in it: the cost in dollars without a rate.
        Assert.Equal([("USD", 1, 150m)], report.GetProperty("unbooked").EnumerateArray()
            .Select(u => (u.GetProperty("currency").GetString(), u.GetProperty("count").GetInt32(), u.GetProperty("amount").GetDecimal())));
        var bookedActivities = byActivity.Where(a => a.Value != 0).Select(a => a.Key).ToHashSet();
        Assert.Equal(built.Costs.Count, bookedActivities.Count + unbooked.Count);
        Assert.Equal(built.Costs.Select(c => c.Activity).Order(), bookedActivities.Concat(unbooked.Select(u => u.GetProperty("activityId").GetGuid())).Order());
    }
}
