using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.EndToEndTests.Activities;
using JusticePlatform.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace JusticePlatform.EndToEndTests.Edge;

public sealed class DatePlausibilityFixture : PlatformFixture
{
    public static readonly DateTimeOffset Today = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    protected override PlatformOptions Options => new() { Gateway = true, Grievances = true, Funding = true, Clock = new FakeTimeProvider(Today) };
}

/// <summary>A typed year (1899, 2206) is a 400 naming the field in every service, through the gateway; nothing is written.</summary>
public sealed class DatePlausibilityTests(DatePlausibilityFixture fixture) : IClassFixture<DatePlausibilityFixture>
{
    private readonly TestPlatform _platform = fixture.Platform;

    [Fact]
    public async Task Beneficiaries_refuses_a_consent_date_before_1900()
    {
        using var office = await _platform.ThroughGatewayAsync("dates-beneficiaries", Scopes.BeneficiariesRead, Scopes.BeneficiariesWrite);
        var person = JsonSerializer.SerializeToNode(Samples.Person())!.AsObject();
        person["consent"]!["date"] = "1899-11-01";

        var response = await office.PostAsJsonAsync("/api/v1/beneficiaries", person);

        await AssertRefusedAsync(response, "consent.date");
    }

    [Fact]
    public async Task Activities_refuses_a_planned_start_centuries_ahead()
    {
        using var lead = await _platform.MemberAsync("dates-activities");
        var program = await lead.CreateProgramAsync("DATES", [], ["ML060201"]);

        var response = await lead.PostAsJsonAsync(ActivitiesClient.Activities, new
        {
            programId = program, title = "Formation", type = "training", communePcode = "ML060201",
            plannedStart = "2206-10-01", plannedEnd = "2206-10-03",
        });

        await AssertRefusedAsync(response, "plannedStart");
    }

    [Fact]
    public async Task Grievances_refuses_an_incident_dated_before_1900()
    {
        using var caseworker = await _platform.ThroughGatewayAsync("dates-grievances", Scopes.GrievancesRead, Scopes.GrievancesCasework);
        var opened = await caseworker.PostAsJsonAsync("/api/v1/grievances/cases", new
        {
            survivor = new { name = "Aminata Touré", phone = "76123456", address = "Quartier Abaradjou" },
            sex = "female", ageAtRegistration = 16, riskLevel = "high", caseWorker = "cw-07",
            consent = new { services = true, referral = true, reporting = true },
        });
        var caseId = (await opened.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var response = await caseworker.PostAsJsonAsync($"/api/v1/grievances/cases/{caseId}/incidents", new
        {
            type = "forced_marriage", date = "1826-10-14", dateIsApproximate = false, communePcode = "ML060201",
            perpetratorCategory = "family_member", narrative = "Récit",
        });

        await AssertRefusedAsync(response, "date");
    }

    [Fact]
    public async Task Funding_refuses_an_exchange_rate_effective_before_1900()
    {
        using var admin = await _platform.ThroughGatewayAsync("platform", Scopes.Admin);

        var response = await admin.PostAsJsonAsync("/api/v1/funding/exchange-rates", new
        {
            @base = "EUR", quote = "USD", rate = 1.08m, effectiveDate = "1899-12-31", source = "ECB reference rate",
        });

        await AssertRefusedAsync(response, "effectiveDate");
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
