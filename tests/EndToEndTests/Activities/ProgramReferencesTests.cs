using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace JusticePlatform.EndToEndTests.Activities;

/// <summary>
/// A program created in Activities, as Grievances and Funding learn it from its events: a case and a grant name a
/// program of their partner's, and a case's redress counts in the program it names, through the gateway.
/// </summary>
public sealed class ProgramReferencesTests(ProgramReferencesTests.Platform fixture) : IClassFixture<ProgramReferencesTests.Platform>
{
    private const string Lead = "amss";
    private const string Other = "stop-sahel";
    private const string Cases = "/api/v1/grievances/cases";
    private static readonly DateTimeOffset Today = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly TestPlatform _platform = fixture.Platform;

    public sealed class Platform : PlatformFixture
    {
        protected override PlatformOptions Options => new() { Gateway = true, Grievances = true, Funding = true, Clock = new FakeTimeProvider(Today) };

        protected override string[] RegisteredPartners => [Other];
    }

    private Task<HttpClient> CaseworkerAsync(string partner) =>
        _platform.ThroughGatewayAsync(partner, Scopes.GrievancesRead, Scopes.GrievancesCasework);

    private static object Case(Guid? programId) => new
    {
        survivor = new { name = "Aminata Touré" },
        sex = "female",
        ageAtRegistration = 24,
        riskLevel = "high",
        consent = new { services = true, referral = true, reporting = true },
        programId,
    };

    /// <summary>A program of the lead in the Goundam cercle, with a redress indicator and the fourth quarter, once Grievances and Funding know it.</summary>
    private async Task<(Guid Program, Guid Period)> ProgramAsync(string code)
    {
        using var lead = await _platform.MemberAsync(Lead);
        var program = await lead.CreateProgramAsync(code, [], ["ML0602"]);
        var period = await lead.AddPeriodAsync(program, "2026-Q4", "2026-10-01", "2026-12-31");
        var objective = await lead.AddObjectiveAsync(program, "SO2", "Victims obtain redress");
        var result = await lead.AddResultAsync(program, objective, "2.1", "outcome");
        await lead.AddIndicatorAsync(program, result, "2.1.1", "grievance_outcomes");
        await Eventually.TrueAsync(async () =>
                await _platform.Db<JusticePlatform.Grievances.Data.GrievancesDbContext, bool>(_platform.Grievances!, db => db.KnownPrograms.AnyAsync(p => p.Id == program))
                && await _platform.FundingDb(db => db.KnownPrograms.AnyAsync(p => p.Id == program && p.ResultIds.Contains(result))),
            Wait, $"Grievances and Funding to hear of program {code}");
        return (program, period);
    }

    /// <summary>Opens a case in Goundam with redress obtained on 20 November; returns its id.</summary>
    private static async Task<Guid> CaseWithRedressAsync(HttpClient caseworker, Guid? program)
    {
        var opened = await (await caseworker.PostAsJsonAsync(Cases, Case(program))).JsonAsync(HttpStatusCode.Created);
        var id = opened.GetProperty("id").GetGuid();
        await (await caseworker.PostAsJsonAsync($"{Cases}/{id}/incidents", new
        {
            type = "extortion", date = "2026-11-01", dateIsApproximate = false, communePcode = "ML060201", perpetratorCategory = "family_member",
        })).JsonAsync(HttpStatusCode.Created);
        var etag = (await caseworker.GetAsync($"{Cases}/{id}")).Headers.ETag;
        await (await caseworker.SendAsync(HttpMethod.Put, $"{Cases}/{id}/redress", new { status = "redress_obtained", kind = "compensation", date = "2026-11-20" }, etag))
            .JsonAsync();
        return id;
    }

    [Fact]
    public async Task A_partner_naming_another_partners_program_on_a_case_gets_a_422_naming_programId()
    {
        var (program, _) = await ProgramAsync("CASEREF");
        using var other = await CaseworkerAsync(Other);
        using var lead = await CaseworkerAsync(Lead);

        var refused = await other.PostAsJsonAsync(Cases, Case(program));
        var own = await lead.PostAsJsonAsync(Cases, Case(program));

        Assert.True((await refused.JsonAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").TryGetProperty("programId", out _));
        Assert.Equal(program, (await own.JsonAsync(HttpStatusCode.Created)).GetProperty("programId").GetGuid());
    }

    [Fact]
    public async Task A_partner_naming_another_partners_program_on_a_grant_gets_a_422_naming_programId()
    {
        var (program, _) = await ProgramAsync("GRANTREF");
        using var other = await _platform.ThroughGatewayAsync(Other, Scopes.FundingRead, Scopes.FundingWrite);
        var donor = (await (await other.PostAsJsonAsync("/api/v1/funding/organisations", new { name = "USAID", iatiIdentifier = "US-GOV-1", type = "government", role = "donor" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var refused = await other.PostAsJsonAsync("/api/v1/funding/grants", new
        {
            title = "Accès à la justice", funderOrganisationId = donor, recipientPartnerId = Other, programId = program, programLeadPartnerId = Lead,
            amount = 10_000_000m, currency = "XOF", startDate = "2026-01-01", endDate = "2026-12-31", status = "active",
        });

        Assert.True((await refused.JsonAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").TryGetProperty("programId", out _));
    }

    [Fact]
    public async Task Redress_counts_only_in_the_program_its_case_names_and_not_in_another_program_of_the_partner_in_the_same_area()
    {
        var (named, namedPeriod) = await ProgramAsync("REDRESS-A");
        var (other, otherPeriod) = await ProgramAsync("REDRESS-B");
        using var caseworker = await CaseworkerAsync(Lead);
        var caseId = await CaseWithRedressAsync(caseworker, named);
        await Eventually.TrueAsync(() => _platform.ActivitiesDb(db => db.GrievanceOutcomes.AnyAsync(o => o.CaseId == caseId)), Wait, "the redress to reach Activities");
        using var lead = await _platform.MemberAsync(Lead);

        var inNamed = (await lead.ProgressAsync(named, namedPeriod, scope: "own")).Indicator("2.1.1");
        var inOther = (await lead.ProgressAsync(other, otherPeriod, scope: "own")).Indicator("2.1.1");

        Assert.Equal("1", inNamed.GetProperty("actual").GetString());
        Assert.Equal("0", inOther.GetProperty("actual").GetString());
    }

    [Fact]
    public async Task Redress_in_a_case_without_a_program_is_counted_apart_as_an_outcome_without_a_program()
    {
        var (program, period) = await ProgramAsync("NOPROGRAM");
        using var caseworker = await CaseworkerAsync(Lead);
        var caseId = await CaseWithRedressAsync(caseworker, null);
        await Eventually.TrueAsync(() => _platform.ActivitiesDb(db => db.GrievanceOutcomes.AnyAsync(o => o.CaseId == caseId)), Wait, "the redress to reach Activities");
        using var lead = await _platform.MemberAsync(Lead);

        var progress = await lead.ProgressAsync(program, period, scope: "own");

        Assert.Equal("0", progress.Indicator("2.1.1").GetProperty("actual").GetString());
        Assert.Equal("1", progress.GetProperty("outcomesWithoutProgram").GetString());
    }

    [Fact]
    public async Task A_partner_opens_cases_in_a_program_once_it_has_accepted_the_leads_invitation()
    {
        using var lead = await _platform.MemberAsync(Lead);
        var program = await lead.CreateProgramAsync("JOINING", [new { partnerId = Other, role = "implementing" }], ["ML0602"]);
        await Eventually.TrueAsync(() => _platform.Db<JusticePlatform.Grievances.Data.GrievancesDbContext, bool>(_platform.Grievances!,
            db => db.KnownPrograms.AnyAsync(p => p.Id == program)), Wait, "Grievances to hear of the program");
        using var invited = await CaseworkerAsync(Other);

        var beforeAccepting = await invited.PostAsJsonAsync(Cases, Case(program));
        await _platform.JoinAsync(program, Other);
        var afterAccepting = await Eventually.ReturnsAsync(() => invited.PostAsJsonAsync(Cases, Case(program)),
            response => response.StatusCode != HttpStatusCode.UnprocessableEntity, Wait, "Grievances to hear of the new member");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, beforeAccepting.StatusCode);
        Assert.Equal(HttpStatusCode.Created, afterAccepting.StatusCode);
    }
}
