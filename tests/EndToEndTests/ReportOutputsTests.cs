using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Contracts.Grievances;
using JusticePlatform.EndToEndTests.Activities;
using JusticePlatform.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JusticePlatform.EndToEndTests;

/// <summary>
/// Every report as CSV with HXL hashtags (same figures and suppression as its JSON), and the
/// program report page, through the gateway.
/// </summary>
public sealed partial class ReportOutputsTests(ReportOutputsTests.Platform fixture) : IClassFixture<ReportOutputsTests.Platform>
{
    private const string Lead = "amss";
    private const string Member = "wildaf";
    private const string Outsider = "stop-sahel";
    private const string Chromium = "/usr/bin/chromium";
    private static readonly DateTimeOffset Today = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private readonly TestPlatform _platform = fixture.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Grievances = true, Funding = true, Clock = new FakeTimeProvider(Today) };

        protected override string[] RegisteredPartners => [Member];
    }

    [Fact]
    public async Task The_reach_csv_shows_the_figures_and_suppression_of_the_reach_json_under_a_header_and_an_hxl_row()
    {
        var program = await ProgramAsync("CSVREACH");
        await BroadcastAsync(program, (250, "female", "18-59"), (200, "male", "18-59"), (3, "female", "60+"));
        using var lead = await _platform.MemberAsync(Lead);

        var json = await lead.ReachAsync(program, "activityType=radio_broadcast");
        var csv = await CsvAsync(lead, $"{ActivitiesClient.Programs}/{program}/reach?activityType=radio_broadcast");

        Assert.Equal(["measure", "communePcode", "sex", "ageBand", "disability", "displacementStatus", "count"], csv[0]);
        Assert.Equal(["#indicator+type", "#adm3+code", "#group+type", "#group+type", "#group+type", "#group+type", "#reached+ind"], csv[1]);
        Assert.Contains(["aggregate_reach", "", "", "", "", "", json.GetProperty("aggregateReach").GetString()!], csv);
        var cells = json.GetProperty("aggregate").EnumerateArray().Select(c => new[]
        {
            "aggregate_reach", S(c, "communePcode"), S(c, "sex"), S(c, "ageBand"), S(c, "disability"), S(c, "displacementStatus"), S(c, "count"),
        }).ToList();
        Assert.Equal(cells, csv.Where(r => r[0] == "aggregate_reach" && r[1] != "").ToList());
        Assert.Equal(["250", "<5", "x"], cells.Select(c => c[6]).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task The_progress_csv_shows_the_actuals_and_suppression_of_the_progress_json()
    {
        var program = await ProgramAsync("CSVPROG");
        using var lead = await _platform.MemberAsync(Lead);
        var period = await lead.AddPeriodAsync(program, "2026-Q4", "2026-10-01", "2026-12-31");
        var objective = await lead.AddObjectiveAsync(program, "SO1", "Citizens know their rights");
        var result = await lead.AddResultAsync(program, objective, "1.1", "output");
        var indicator = await lead.AddIndicatorAsync(program, result, "1.1.1", "aggregate_reach", dimensions: ["sex"], targets: [new { periodId = period, value = 500 }]);
        await BroadcastAsync(program, [indicator], (3, "female", "18-59"), (200, "male", "18-59"));

        var json = (await lead.ProgressAsync(program, period)).Indicator("1.1.1");
        var csv = await CsvAsync(lead, $"{ActivitiesClient.Programs}/{program}/progress?periodId={period}");

        Assert.Equal("#indicator+code", csv[1][csv[0].IndexOf("indicatorCode")]);
        string Actual(string dimension, string value) =>
            csv.Single(r => r[csv[0].IndexOf("indicatorCode")] == "1.1.1" && r[csv[0].IndexOf("dimension")] == dimension && r[csv[0].IndexOf("dimensionValue")] == value)[csv[0].IndexOf("actual")];
        var bySex = json.GetProperty("byDimension").EnumerateArray().Single().GetProperty("values").EnumerateArray().ToDictionary(v => S(v, "value"), v => S(v, "actual"));
        Assert.Equal(("203", "<5", "x"), (S(json, "actual"), bySex["female"], bySex["male"]));
        Assert.Equal((S(json, "actual"), bySex["female"], bySex["male"]), (Actual("", ""), Actual("sex", "female"), Actual("sex", "male")));
    }

    [Fact]
    public async Task The_who_does_what_where_csv_names_who_what_where_when_and_for_whom_with_the_suppression_of_its_json()
    {
        var program = await ProgramAsync("CSV3W");
        using var member = await _platform.MemberAsync(Member);
        using var lead = await _platform.MemberAsync(Lead);
        var person = await member.RegisterKnownAsync(Samples.Person("Mariam"));
        var (training, _) = await member.CreateActivityAsync(program, "ML060201");
        await (await member.AttendAsync(training, person)).JsonAsync();
        await (await member.CompleteAsync(training)).JsonAsync();

        var json = await (await lead.GetAsync($"{ActivitiesClient.Programs}/{program}/who-does-what-where")).JsonAsync();
        var own = await (await member.GetAsync($"{ActivitiesClient.Programs}/{program}/who-does-what-where?scope=own")).JsonAsync();
        var csv = await CsvAsync(lead, $"{ActivitiesClient.Programs}/{program}/who-does-what-where");

        var row = Assert.Single(json.GetProperty("rows").EnumerateArray());
        Assert.Equal((Member, "training", "ML06", "ML060201", "2026-10-03", "<5", "<5"),
            (S(row, "partnerId"), S(row, "activityType"), S(row, "regionPcode"), S(row, "communePcode"), S(row, "end"), S(row, "people"), S(row, "female")));
        Assert.Equal("1", S(own.GetProperty("rows")[0], "people"));
        Assert.Equal(["partner", "sector", "activityType", "regionPcode", "communePcode", "start", "end", "activities", "people", "female", "male", "otherSex", "aggregateReach"], csv[0]);
        Assert.Equal(["#org+impl+code", "#sector+name", "#activity+type", "#adm1+code", "#adm3+code", "#date+start", "#date+end", "#activity+num",
            "#reached+ind", "#reached+ind+f", "#reached+ind+m", "#reached+ind+i", "#reached+num"], csv[1]);
        Assert.Equal([Member, "15130 15160", "training", "ML06", "ML060201", "2026-10-01", "2026-10-03", "1", "<5", "<5", "0", "0", "0"], csv[2]);
    }

    [Fact]
    public async Task The_budget_versus_actual_csv_shows_the_figures_of_its_json()
    {
        using var funding = await _platform.ThroughGatewayAsync(Member, Scopes.FundingRead, Scopes.FundingWrite);
        var grant = await GrantAsync(funding, await ProgramAsync("BVA-CSV"), 10_000_000m, lead: Lead);
        var line = (await PostOkAsync(funding, $"/api/v1/funding/grants/{grant}/budget-lines", new
        {
            code = "1.1", name = "Trainings of community relays", kind = "cost-category", costCategory = "Trainings", amount = 4_000_000m,
            periodStart = "2026-01-01", periodEnd = "2026-12-31",
        })).GetProperty("id").GetGuid();
        await PostOkAsync(funding, $"/api/v1/funding/grants/{grant}/transactions",
            new { type = "expenditure", amount = 1_000_000m, currency = "XOF", valueDate = "2026-03-01", budgetLineId = line });

        var json = await (await funding.GetAsync($"/api/v1/funding/grants/{grant}/budget-vs-actual?asOf=2026-07-02")).JsonAsync();
        var csv = await CsvAsync(funding, $"/api/v1/funding/grants/{grant}/budget-vs-actual?asOf=2026-07-02");

        Assert.Equal(["#meta+type", "#item+code", "#item+name"], csv[1][..3]);
        string Cell(string level, string column) => csv.Single(r => r[0] == level)[csv[0].IndexOf(column)];
        var lineJson = json.GetProperty("lines")[0];
        Assert.Equal(
            (R(json.GetProperty("grant"), "amount"), R(json.GetProperty("grant"), "spent"), R(json.GetProperty("total"), "budget"), R(lineJson, "spent"), R(lineJson, "burnRate")),
            (Cell("grant", "budget"), Cell("grant", "spent"), Cell("total", "budget"), Cell("line", "spent"), Cell("line", "burnRate")));
        Assert.Equal("1000000", Cell("line", "spent").Split('.')[0]);
    }

    [Fact]
    public async Task The_appeal_funding_status_csv_shows_the_figures_of_its_json()
    {
        using var funding = await _platform.ThroughGatewayAsync(Member, Scopes.FundingRead, Scopes.FundingWrite);
        var appeal = (await PostOkAsync(funding, "/api/v1/funding/appeals",
            new { name = "Mali protection operation 2026", year = 2026, requirement = 40_000_000m, currency = "USD" })).GetProperty("id").GetGuid();
        foreach (var (funder, amount) in new[] { ("CERF", 429_022m), ("Sweden", 885_054m) })
        {
            await PostOkAsync(funding, $"/api/v1/funding/appeals/{appeal}/contributions",
                new { funderName = funder, amount, currency = "USD", date = "2026-04-01", status = "paid" });
        }

        var json = await (await funding.GetAsync($"/api/v1/funding/appeals/{appeal}/funding-status")).JsonAsync();
        var csv = await CsvAsync(funding, $"/api/v1/funding/appeals/{appeal}/funding-status");

        Assert.Equal("#org+funder+name", csv[1][0]);
        int Column(string name) => csv[0].IndexOf(name);
        Assert.Equal((R(json, "requirement"), R(json, "funded"), R(json, "coveragePercent"), R(json, "gap")),
            (csv[2][Column("requirement")], csv[2][Column("funded")], csv[2][Column("coveragePercent")], csv[2][Column("gap")]));
        foreach (var funder in json.GetProperty("byFunder").EnumerateArray())
        {
            Assert.Equal(R(funder, "funded"), csv.Single(r => r[0] == S(funder, "funderName"))[Column("funded")]);
        }
    }

    [Fact]
    public async Task The_incident_statistics_csv_shows_the_cells_and_suppression_of_its_json()
    {
        using var caseworker = await _platform.ThroughGatewayAsync(Member, Scopes.GrievancesRead, Scopes.GrievancesCasework);
        foreach (var (type, commune, count) in new[] { ("extortion", "ML0701", 3), ("robbery", "ML0501", 12) })
        {
            for (var i = 0; i < count; i++)
            {
                var id = (await PostOkAsync(caseworker, "/api/v1/grievances/cases", new
                {
                    survivor = new { name = "Aminata Touré", phone = "76123456", address = "Quartier Abaradjou" }, sex = "female", ageAtRegistration = 20 + i,
                    riskLevel = "high", caseWorker = "cw-07", consent = new { services = true, referral = true, reporting = true },
                })).GetProperty("id").GetGuid();
                await PostOkAsync(caseworker, $"/api/v1/grievances/cases/{id}/incidents", new
                {
                    type, date = $"2026-08-{1 + i:00}", dateIsApproximate = false, communePcode = commune, perpetratorCategory = "family_member", narrative = (string?)null,
                });
            }
        }

        var json = await (await caseworker.GetAsync("/api/v1/grievances/statistics?month=2026-08")).JsonAsync();
        var csv = await CsvAsync(caseworker, "/api/v1/grievances/statistics?month=2026-08");

        Assert.Equal(["month", "regionPcode", "region", "incidentType", "count"], csv[0]);
        Assert.Equal(["#date+occurred", "#adm1+code", "#adm1+name", "#event+type", "#event+num"], csv[1]);
        Assert.Equal(["2026-08", "", "", "", S(json, "total")], csv[2]);
        var cells = json.GetProperty("cells").EnumerateArray().Select(c => new[] { "2026-08", S(c, "regionPcode"), S(c, "region"), S(c, "incidentType"), S(c, "count") }).ToList();
        Assert.Equal(cells, csv.Skip(3).ToList());
        Assert.Equal(["<5", "x"], cells.Select(c => c[4]).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Only_a_member_gets_the_report_page_and_another_partner_gets_404()
    {
        var program = await ProgramAsync("PAGE404");
        using var member = await _platform.MemberAsync(Member);
        using var outsider = await _platform.MemberAsync(Outsider);

        var mine = await PageAsync(member, program);
        var theirs = await outsider.GetAsync($"{ActivitiesClient.Programs}/{program}/report");

        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.DoesNotContain("CSV3W", await theirs.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_report_page_renders_in_headless_chromium_with_its_figures_and_loads_nothing_from_outside()
    {
        Assert.True(File.Exists(Chromium), "This test drives Debian's chromium package (apt-get install chromium); scripts/test.sh installs it.");
        var program = await ProgramAsync("PAGE");
        using var lead = await _platform.MemberAsync(Lead);
        using var member = await _platform.MemberAsync(Member);
        var period = await lead.AddPeriodAsync(program, "2026-Q4", "2026-10-01", "2026-12-31");
        var objective = await lead.AddObjectiveAsync(program, "SO1", "Citizens know their rights");
        var result = await lead.AddResultAsync(program, objective, "1.1", "output");
        var indicator = await lead.AddIndicatorAsync(program, result, "1.1.1", "distinct_people", targets: [new { periodId = period, value = 10 }]);
        var people = new List<Guid>();
        foreach (var (name, sex) in new[] { ("Awa", "female"), ("Fanta", "female"), ("Kadia", "female"), ("Oumou", "female"), ("Sira", "female"), ("Bakary", "male") })
        {
            people.Add(await member.RegisterKnownAsync(Samples.Person(name, sex: sex)));
        }

        var (training, _) = await member.CreateActivityAsync(program, "ML060201", [indicator]);
        await (await member.AttendAsync(training, [.. people])).JsonAsync();
        await (await member.CompleteAsync(training)).JsonAsync();

        // Funding's figures reach the page as events: a grant of the program, a quarter of it spent.
        using var funding = await _platform.ThroughGatewayAsync(Member, Scopes.FundingRead, Scopes.FundingWrite);
        var grant = await GrantAsync(funding, program, 10_000_000m, lead: Lead);
        await PostOkAsync(funding, $"/api/v1/funding/grants/{grant}/transactions", new { type = "expenditure", amount = 2_500_000m, currency = "XOF", valueDate = "2026-03-01" });
        var bus = _platform.Beneficiaries.Services.GetRequiredService<IBus>();
        for (var i = 0; i < 6; i++)
        {
            await bus.Publish(new GrievanceRedressObtained(Guid.NewGuid(), Member, "compensation", new DateOnly(2026, 11, 2), "ML060201", "female", "18-59", Today));
        }

        await Eventually.TrueAsync(() => _platform.ActivitiesDb(async db =>
                await db.ProgramGrants.AnyAsync(g => g.GrantId == grant) && await db.GrievanceOutcomes.CountAsync(o => o.PartnerId == Member) >= 6),
            TimeSpan.FromSeconds(30), "the grant's burn and the redress to reach Activities");

        var response = await PageAsync(lead, program);
        var html = await response.Content.ReadAsStringAsync();
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        var folder = Directory.CreateTempSubdirectory("program-report-");
        try
        {
            var file = Path.Combine(folder.FullName, "report.html");
            await File.WriteAllTextAsync(file, html);
            var screenshot = Path.Combine(folder.FullName, "report.png");
            await ChromiumAsync(folder, $"--screenshot={screenshot}", "--window-size=1000,2400", new Uri(file).AbsoluteUri);
            var dom = await ChromiumAsync(folder, "--dump-dom", new Uri(file).AbsoluteUri);

            var png = await File.ReadAllBytesAsync(screenshot);
            Assert.True(png.Length > 10_000, $"The screenshot holds {png.Length} bytes.");
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png.Take(4));
            Assert.Contains("default-src 'none'", policy);
            Assert.DoesNotContain("unsafe-inline", policy);
            Assert.Empty(ExternalReference().Matches(dom).Select(m => m.Value));
            Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
            foreach (var text in new[]
            {
                "People reached by commune and sex", "Indicator progress against targets", "Burn against the grant", "Grievance outcomes",
                "ML060201", "60 %", "10,000,000.00 XOF", "2,500,000.00 XOF", "25 %", "Compensation", "<svg",
            })
            {
                Assert.Contains(text, dom);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_report_page_shows_a_grants_burn_only_to_the_partners_that_read_the_grant()
    {
        var program = await ProgramAsync("PAGEBURN");
        using var lead = await _platform.MemberAsync(Lead);
        using var member = await _platform.MemberAsync(Member);
        // AMSS's own grant: WILDAF, a member that neither receives, funds nor leads it, does not read it in Funding.
        using var funding = await _platform.ThroughGatewayAsync(Lead, Scopes.FundingRead, Scopes.FundingWrite);
        var grant = await GrantAsync(funding, program, 8_000_000m, lead: Lead, recipient: Lead);
        await PostOkAsync(funding, $"/api/v1/funding/grants/{grant}/transactions", new { type = "expenditure", amount = 2_000_000m, currency = "XOF", valueDate = "2026-03-01" });
        await Eventually.TrueAsync(() => _platform.ActivitiesDb(db => db.ProgramGrants.AnyAsync(g => g.GrantId == grant)),
            TimeSpan.FromSeconds(30), "the grant's burn to reach Activities");

        var reader = await (await PageAsync(lead, program)).Content.ReadAsStringAsync();
        var other = await (await PageAsync(member, program)).Content.ReadAsStringAsync();

        Assert.Contains("2,000,000.00 XOF", reader);
        Assert.DoesNotContain("2,000,000.00 XOF", other);
        Assert.DoesNotContain("Access to justice in Goundam", other);
        Assert.Contains("Burn against the grant", other);
    }

    [Fact]
    public async Task The_report_page_asked_for_in_French_has_French_headings_and_says_its_language()
    {
        var program = await ProgramAsync("PAGEFR");
        using var lead = await _platform.MemberAsync(Lead);

        var french = await PageAsync(lead, program, "fr-ML, en;q=0.5");
        var english = await PageAsync(lead, program);
        // The page encodes accented letters as character references (&#232;): compare the text a browser shows.
        var html = WebUtility.HtmlDecode(await french.Content.ReadAsStringAsync());

        Assert.Contains("<html lang=\"fr\">", html);
        Assert.Contains("<h2>Personnes atteintes par commune et par sexe</h2>", html);
        Assert.Contains("<h2>Progrès des indicateurs par rapport aux cibles</h2>", html);
        Assert.Contains("<h2>Consommation des subventions</h2>", html);
        Assert.Contains("<h2>Issues des plaintes</h2>", html);
        Assert.Contains("Rapport de programme: PAGEFR", html);
        Assert.DoesNotContain("Burn against the grant", html);
        Assert.Equal(["fr"], french.Content.Headers.ContentLanguage);
        Assert.Contains("Accept-Language", french.Headers.Vary);
        Assert.Contains("<html lang=\"en\">", await english.Content.ReadAsStringAsync());
        Assert.Equal(["en"], english.Content.Headers.ContentLanguage);
    }

    /// <summary>Anything a browser would fetch: a URL with a scheme or a protocol-relative one, or a src/href/url() pointing anywhere.</summary>
    [GeneratedRegex("""(https?:|ftp:|wss?:|//[a-z0-9]|\bsrc\s*=|\bhref\s*=|url\()""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    private static async Task<HttpResponseMessage> PageAsync(HttpClient client, Guid program, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{ActivitiesClient.Programs}/{program}/report");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        }

        return response;
    }

    private static async Task<string> ChromiumAsync(DirectoryInfo folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", $"--user-data-dir={Path.Combine(folder.FullName, "profile")}",
        }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var browser = Process.Start(start)!;
        var output = browser.StandardOutput.ReadToEndAsync();
        _ = browser.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await browser.WaitForExitAsync(timeout.Token);
        return await output;
    }

    /// <summary>The report as CSV: asked for with Accept: text/csv, split into rows of cells (the tests' figures hold no separator or quote).</summary>
    private static async Task<List<string[]>> CsvAsync(HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(',')).ToList();
    }

    private static string S(JsonElement element, string property) =>
        element.GetProperty(property) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : element.GetProperty(property).GetRawText();

    private static string R(JsonElement element, string property) => element.GetProperty(property).GetRawText();

    private static async Task<JsonElement> PostOkAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A grant for a program once Funding has heard of it, its lead and its member (from Activities' events).</summary>
    private async Task<Guid> GrantAsync(HttpClient funding, Guid program, decimal amount, string lead = Member, string recipient = Member)
    {
        await _platform.FundingKnowsAsync(program, Member);
        var donor = (await PostOkAsync(funding, "/api/v1/funding/organisations", new { name = $"Donor {Guid.NewGuid():N}", type = "government", role = "donor" }))
            .GetProperty("id").GetGuid();
        return (await PostOkAsync(funding, "/api/v1/funding/grants", new
        {
            title = "Access to justice in Goundam", funderOrganisationId = donor, recipientPartnerId = recipient, programId = program,
            programLeadPartnerId = lead, amount, currency = "XOF", startDate = "2026-01-01", endDate = "2026-12-31", status = "active",
        })).GetProperty("id").GetGuid();
    }

    /// <summary>A program led by AMSS with WILDAF as implementing partner, in Goundam and Timbuktu.</summary>
    private async Task<Guid> ProgramAsync(string code)
    {
        using var lead = await _platform.MemberAsync(Lead);
        var program = await lead.CreateProgramAsync(code, [new { partnerId = Member, role = "implementing" }], ["ML0602", "ML0605", "ML0601"]);
        await _platform.JoinAsync(program, Member);
        return program;
    }

    /// <summary>WILDAF completes a radio broadcast in ML060201 with these aggregate cells (people with no disability, hosts).</summary>
    private Task BroadcastAsync(Guid program, params (int Count, string Sex, string AgeBand)[] cells) => BroadcastAsync(program, [], cells);

    private async Task BroadcastAsync(Guid program, Guid[] indicators, params (int Count, string Sex, string AgeBand)[] cells)
    {
        using var member = await _platform.MemberAsync(Member);
        var (broadcast, etag) = await member.CreateActivityAsync(program, "ML060201", indicators, type: "radio_broadcast");
        await (await member.SendAsync(HttpMethod.Put, $"{ActivitiesClient.Activities}/{broadcast}/reach", new
        {
            cells = cells.Select(c => new { sex = c.Sex, ageBand = c.AgeBand, hasDisability = false, displacementStatus = "host", count = c.Count }).ToArray(),
        }, etag)).JsonAsync();
        await (await member.CompleteAsync(broadcast)).JsonAsync();
    }
}
