using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace JusticePlatform.EndToEndTests.Activities;

/// <summary>A program out as an IATI 2.03 activity file and back in, through the gateway.</summary>
public sealed class IatiExchangeTests(IatiExchangeTests.Platform fixture) : IClassFixture<IatiExchangeTests.Platform>
{
    private const string Lead = "amss-iati";
    private const string Member = "wildaf-iati";
    private const string Importer = "ong-iati";
    private const string Stranger = "stranger-iati";
    private const string Imports = "/api/v1/activities/programs/iati/imports";

    private readonly TestPlatform _platform = fixture.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Funding = true, Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero)) };

        protected override string[] RegisteredPartners => [Lead, Member, Importer, Stranger];
    }

    private Task<HttpClient> PartnerAsync(string partner) =>
        _platform.ThroughGatewayAsync(partner, Scopes.ActivitiesRead, Scopes.ActivitiesWrite, Scopes.FundingRead, Scopes.FundingWrite);

    [Fact]
    public async Task An_exported_program_is_valid_iati_and_imports_into_another_partner_with_the_same_framework()
    {
        using var lead = await PartnerAsync(Lead);
        using var importer = await PartnerAsync(Importer);
        var program = await CreateProgramWithFrameworkAsync(lead, "GTB-2026");
        await _platform.JoinAsync(program, Member);
        await _platform.FundingKnowsAsync(program, Member);

        // Funding: a grant for the program, a budget line, a commitment received and an expenditure.
        var donor = await PostCreatedAsync(lead, "/api/v1/funding/organisations", new { name = "Union européenne", iatiIdentifier = "XI-IATI-EC_INTPA", type = "government", role = "donor" });
        var grant = await PostCreatedAsync(lead, "/api/v1/funding/grants", new
        {
            title = "Accès à la justice", funderOrganisationId = donor, recipientPartnerId = Lead, programId = program, programLeadPartnerId = Lead,
            amount = 89_000_000m, currency = "XOF", startDate = "2026-01-01", endDate = "2026-12-31", status = "active",
        });
        var line = await PostCreatedAsync(lead, $"/api/v1/funding/grants/{grant}/budget-lines", new
        {
            code = "1.1", name = "Formations des relais", kind = "cost-category", costCategory = "trainings", amount = 40_000_000m,
            budgetStatus = "committed", periodStart = "2026-01-01", periodEnd = "2026-12-31",
        });
        await PostCreatedAsync(lead, $"/api/v1/funding/grants/{grant}/transactions", new
        {
            type = "incoming-commitment", amount = 89_000_000m, currency = "XOF", valueDate = "2026-01-15",
            providerName = "Union européenne", providerIatiIdentifier = "XI-IATI-EC_INTPA",
        });
        await PostCreatedAsync(lead, $"/api/v1/funding/grants/{grant}/transactions", new
        {
            type = "expenditure", amount = 1_420_000m, currency = "XOF", valueDate = "2026-10-03", budgetLineId = line, receiverName = "WILDAF",
        });

        // Built from Funding's events: the export waits for them, never asks Funding.
        var xml = await Eventually.ReturnsAsync(() => ExportAsync(lead, program),
            x => x.Contains("<budget ", StringComparison.Ordinal) && CountOf(x, "<transaction>") == 2, TimeSpan.FromSeconds(60), "Funding's budget and transactions in the export");

        Assert.Empty(IatiConformance.SchemaErrors(xml));
        Assert.Empty(IatiConformance.UnknownCodes(xml));
        var activity = XDocument.Parse(xml).Root!.Element("iati-activity")!;
        Assert.Equal("XI-IATI-AMSS-GTB-2026", activity.Element("iati-identifier")!.Value);
        Assert.Equal(["1", "2", "3", "4"], activity.Elements("participating-org").Select(o => o.Attribute("role")!.Value).Order());
        Assert.Equal(["11", "4"], activity.Elements("transaction").Select(t => t.Element("transaction-type")!.Attribute("code")!.Value).Order(StringComparer.Ordinal));
        Assert.Equal("40000000", activity.Element("budget")!.Element("value")!.Value);
        var quarter = activity.Element("result")!.Element("indicator")!.Elements("period").Single(p => p.Element("period-start")!.Attribute("iso-date")!.Value == "2026-10-01");
        Assert.Equal("37", quarter.Elements("actual").Single(a => a.Element("dimension") is null).Attribute("value")!.Value);

        using var upload = new StringContent(xml, Encoding.UTF8, "application/xml");
        var import = await UploadAsync(importer, upload);

        var summary = import.GetProperty("summary");
        Assert.True((summary.GetProperty("status").GetString(), summary.GetProperty("stats").GetProperty("created").GetInt32()) == ("OK", 1), import.ToString());
        var imported = (await (await importer.GetAsync(ActivitiesClient.Programs)).JsonAsync()).GetProperty("items").EnumerateArray()
            .Single(p => p.GetProperty("code").GetString() == "GTB-2026");
        Assert.Equal(Importer, imported.GetProperty("leadPartnerId").GetString());
        Assert.Equal(await FrameworkAsync(lead, program), await FrameworkAsync(importer, imported.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task A_partner_outside_the_program_cannot_export_it()
    {
        using var lead = await PartnerAsync(Lead);
        using var stranger = await PartnerAsync(Stranger);
        var program = await CreateProgramWithFrameworkAsync(lead, "PRIVATE");

        var answer = await stranger.GetAsync($"{ActivitiesClient.Programs}/{program}/iati");

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    [Fact]
    public async Task An_imported_file_is_refused_whole_and_its_summary_names_each_refused_element()
    {
        using var lead = await PartnerAsync(Lead);
        using var importer = await PartnerAsync(Importer);
        var program = await CreateProgramWithFrameworkAsync(lead, "REFUSED");
        var document = XDocument.Parse(await ExportAsync(lead, program));
        var activity = document.Root!.Element("iati-activity")!;
        activity.Element("result")!.SetAttributeValue("type", "9");
        activity.Element("location")!.SetAttributeValue("ref", "BF0101");

        using var upload = new StringContent(document.ToString(), Encoding.UTF8, "application/xml");
        var import = await UploadAsync(importer, upload);

        var summary = import.GetProperty("summary");
        Assert.Equal(0, summary.GetProperty("stats").GetProperty("created").GetInt32());
        Assert.Equal(["iati-activity[1]/location[1]", "iati-activity[1]/result[1]"],
            summary.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!).Order(StringComparer.Ordinal));
        var programs = (await (await importer.GetAsync(ActivitiesClient.Programs)).JsonAsync()).GetProperty("items").EnumerateArray();
        Assert.DoesNotContain(programs, p => p.GetProperty("code").GetString() == "REFUSED");
    }

    [Fact]
    public async Task A_program_without_the_leads_iati_organisation_identifier_is_not_exported_and_the_answer_names_it()
    {
        using var lead = await PartnerAsync(Lead);
        var program = await lead.CreateProgramAsync("NOREF", [], ["ML0602"]);

        var answer = await lead.GetAsync($"{ActivitiesClient.Programs}/{program}/iati");

        var problem = await answer.JsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reportingOrgRef", out _), problem.ToString());
    }

    [Fact]
    public async Task A_period_may_lie_within_another_but_not_straddle_it()
    {
        using var lead = await PartnerAsync(Lead);
        var program = await lead.CreateProgramAsync("PERIODS", [], ["ML0602"]);
        await lead.AddPeriodAsync(program, "2026", "2026-01-01", "2026-12-31");

        var quarter = await lead.PostAsJsonAsync($"{ActivitiesClient.Programs}/{program}/periods", new { label = "2026-T1", startDate = "2026-01-01", endDate = "2026-03-31" });
        var straddling = await lead.PostAsJsonAsync($"{ActivitiesClient.Programs}/{program}/periods", new { label = "2026-27", startDate = "2026-07-01", endDate = "2027-06-30" });

        Assert.Equal(HttpStatusCode.Created, quarter.StatusCode);
        Assert.True((await straddling.JsonAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("startDate", out _));
    }

    /// <summary>A program with a year and a quarter within it, an outcome with a disaggregated indicator, targets on both and an actual on the quarter.</summary>
    private static async Task<Guid> CreateProgramWithFrameworkAsync(HttpClient lead, string code)
    {
        var program = await lead.PostAsJsonAsync(ActivitiesClient.Programs, new
        {
            code, titleFr = "Accès à la justice à Goundam", titleEn = "Access to justice in Goundam",
            descriptionFr = "Les citoyens connaissent et utilisent les initiatives d'accès à la justice.",
            descriptionEn = "Citizens know and use access-to-justice initiatives.",
            reportingOrgRef = "XI-IATI-AMSS",
            members = new[] { new { partnerId = Member, role = "implementing" } },
            funderIds = new[] { "XI-IATI-EC_INTPA" }, sectorCodes = new[] { "15130", "15180" }, communePcodes = new[] { "ML0602", "ML060201" },
            startDate = "2026-01-01", endDate = "2027-12-31",
        }).CreatedIdAsync();
        var objective = await lead.AddObjectiveAsync(program, "OS1", "Les victimes obtiennent réparation");
        var result = await lead.PostAsJsonAsync($"{ActivitiesClient.Programs}/{program}/results",
            new { objectiveId = objective, code = "R1.1-victims-obtain-redress-through-legal-aid-and-referrals", title = "Victimes accompagnées", type = "outcome" }).CreatedIdAsync();
        var year = await lead.AddPeriodAsync(program, "2026", "2026-01-01", "2026-12-31");
        var quarter = await lead.AddPeriodAsync(program, "2026-T4", "2026-10-01", "2026-12-31");
        var indicator = await lead.AddIndicatorAsync(program, result, "I1.1.1", "manual", dimensions: ["sex"], targets:
        [
            new { periodId = year, value = 400 }, new { periodId = year, value = 250, dimension = "sex", dimensionValue = "female" },
            new { periodId = quarter, value = 100 },
        ]);
        await lead.PostAsJsonAsync($"{ActivitiesClient.Programs}/{program}/indicators/{indicator}/values",
            new { periodId = quarter, value = 37, comment = "Registre des cliniques juridiques" }).CreatedIdAsync();
        return program;
    }

    private static async Task<string> ExportAsync(HttpClient client, Guid program)
    {
        var response = await client.GetAsync($"{ActivitiesClient.Programs}/{program}/iati");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"export: {(int)response.StatusCode} {body}");
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        return body;
    }

    /// <summary>The framework as one comparable text: periods by their dates, every code, title, type, measure, baseline and target.</summary>
    private static async Task<string> FrameworkAsync(HttpClient client, Guid program)
    {
        var framework = await (await client.GetAsync($"{ActivitiesClient.Programs}/{program}/framework")).JsonAsync();
        var periods = framework.GetProperty("periods").EnumerateArray()
            .ToDictionary(p => p.GetProperty("id").GetGuid(), p => $"{p.GetProperty("startDate").GetString()}..{p.GetProperty("endDate").GetString()}");
        var text = new StringBuilder();
        foreach (var objective in framework.GetProperty("objectives").EnumerateArray())
        {
            text.AppendLine($"O {objective.GetProperty("code")} {objective.GetProperty("title")}");
            foreach (var result in objective.GetProperty("results").EnumerateArray())
            {
                text.AppendLine($" R {result.GetProperty("code")} {result.GetProperty("title")} {result.GetProperty("type")}");
                foreach (var indicator in result.GetProperty("indicators").EnumerateArray())
                {
                    text.AppendLine($"  I {indicator.GetProperty("code")} {indicator.GetProperty("title")} {indicator.GetProperty("measure")} {indicator.GetProperty("ascending")} " +
                        $"{indicator.GetProperty("baselineYear")} {indicator.GetProperty("baselineValue")} [{string.Join(",", indicator.GetProperty("dimensions").EnumerateArray())}]");
                    foreach (var target in indicator.GetProperty("targets").EnumerateArray()
                        .Select(t => $"   T {periods[t.GetProperty("periodId").GetGuid()]} {t.GetProperty("dimension")} {t.GetProperty("dimensionValue")} {t.GetProperty("value").GetDecimal():0.####}")
                        .Order(StringComparer.Ordinal))
                    {
                        text.AppendLine(target);
                    }
                }
            }
        }

        text.AppendLine($"P {string.Join(" ", periods.Values.Order(StringComparer.Ordinal))}");
        return text.ToString();
    }

    private static async Task<Guid> PostCreatedAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {json}");
        return JsonDocument.Parse(json).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> UploadAsync(HttpClient client, HttpContent content)
    {
        var accepted = await client.PostAsync(Imports, content);
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"upload: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
        return await Eventually.ReturnsAsync(() => client.GetFromJsonAsync<JsonElement>(accepted.Headers.Location!),
            i => i.GetProperty("status").GetString() is "completed" or "failed", TimeSpan.FromSeconds(60), "the IATI import");
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
