using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Grievances;

/// <summary>Cases and incidents through the gateway: encryption at rest, the two reading levels, validation, workflow, redress, export.</summary>
public sealed class CaseTests(GrievancesPlatform fixture) : IClassFixture<GrievancesPlatform>
{
    private readonly TestPlatform _platform = fixture.Platform;

    [Fact]
    public async Task Identity_contact_and_narrative_are_stored_encrypted_and_no_table_holds_their_plaintext()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        var opened = await amss.OpenCaseAsync(Casework.Case(name: "Kadidia RAWCOLUMN", phone: "70998877", address: "Rue RAWADDRESS"));
        await amss.RecordIncidentAsync(opened.Id(), Casework.Incident(narrative: "RAWNARRATIVE était seule au puits"));

        var raw = await _platform.RawTablesAsync("cases", "incidents", "case_status_changes", "audit_entries", "idempotency_records", "outbox_messages");

        Assert.Contains(opened.GetProperty("survivorCode").GetString()!, raw);
        Assert.Contains("IdentityCipher=v1.test-1.", raw);
        Assert.Contains("ContactCipher=v1.test-1.", raw);
        Assert.Contains("NarrativeCipher=v1.test-1.", raw);
        foreach (var secret in new[] { "RAWCOLUMN", "Kadidia", "70998877", "RAWADDRESS", "RAWNARRATIVE", "seule au puits" })
        {
            Assert.DoesNotContain(secret, raw, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_case_worker_reads_the_details_and_each_read_is_audited_with_who_which_case_and_when()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        var id = (await amss.OpenCaseAsync(Casework.Case(name: "Mariam Cissé", phone: "66001122"))).Id();
        await amss.RecordIncidentAsync(id, Casework.Incident(narrative: "Le récit de Mariam"));

        var details = await amss.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{id}/details");
        await amss.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{id}/details");

        Assert.Equal("Mariam Cissé", details.GetProperty("survivor").GetProperty("name").GetString());
        Assert.Equal("66001122", details.GetProperty("survivor").GetProperty("phone").GetString());
        Assert.Equal("Le récit de Mariam", details.GetProperty("incidents")[0].GetProperty("narrative").GetString());
        var reads = await _platform.GrievancesDb(db => db.AuditEntries
            .Where(a => a.Resource == "grievance-case-details" && a.ResourceId == id.ToString()).ToListAsync());
        Assert.Equal(2, reads.Count);
        Assert.All(reads, a =>
        {
            Assert.Equal("amss", a.PartnerId);
            Assert.Equal("read", a.Action);
            Assert.Equal("succeeded", a.Outcome);
            Assert.False(string.IsNullOrEmpty(a.ClientId));
            Assert.True(a.At > DateTimeOffset.UtcNow.AddMinutes(-5));
        });
    }

    [Fact]
    public async Task The_read_scope_sees_the_survivor_code_and_categories_but_never_identity_contact_or_narrative()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        using var monitor = await _platform.CaseworkerAsync("amss", Scopes.GrievancesRead);
        var id = (await amss.OpenCaseAsync(Casework.Case(name: "Oumou READSCOPE", phone: "65432100"))).Id();
        await amss.RecordIncidentAsync(id, Casework.Incident(narrative: "READSCOPE narrative"));

        var seen = string.Join('\n',
            await monitor.GetStringAsync($"{Casework.Cases}/{id}"),
            await monitor.GetStringAsync($"{Casework.Cases}/{id}/incidents"),
            await monitor.GetStringAsync($"{Casework.Cases}/{id}/history"),
            await monitor.GetStringAsync($"{Casework.Cases}?pageSize=500"),
            await monitor.GetStringAsync($"{Casework.Cases}/export.csv"));
        var details = await monitor.GetAsync($"{Casework.Cases}/{id}/details");

        Assert.Contains("SRV-", seen);
        Assert.Contains("forced_marriage", seen);
        Assert.DoesNotContain("READSCOPE", seen);
        Assert.DoesNotContain("65432100", seen);
        Assert.Equal(HttpStatusCode.Forbidden, details.StatusCode);
        Assert.DoesNotContain("READSCOPE", await details.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_token_of_the_owning_partner_without_a_grievances_scope_reads_nothing_of_its_cases()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        using var registrar = await _platform.CaseworkerAsync("amss", Scopes.BeneficiariesRead, Scopes.BeneficiariesWrite);
        var id = (await amss.OpenCaseAsync(Casework.Case(name: "Oumou NOSCOPE"))).Id();
        var referral = (await amss.ReferAsync(id, new { serviceType = "legal_aid", toPartnerId = "wildaf" })).Id();

        string[] reads =
        [
            Casework.Cases, $"{Casework.Cases}/export.csv", $"{Casework.Cases}/{id}", $"{Casework.Cases}/{id}/history",
            $"{Casework.Cases}/{id}/incidents", $"{Casework.Cases}/{id}/referrals", $"{Casework.Cases}/{id}/details",
            Casework.Referrals, $"{Casework.Referrals}/{referral}", "/api/v1/grievances/statistics?month=2026-10",
        ];
        var answers = new List<(string, HttpStatusCode)>();
        foreach (var read in reads)
        {
            answers.Add((read, (await registrar.GetAsync(read)).StatusCode));
        }

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Forbidden, answer.Item2));
    }

    [Fact]
    public async Task A_retried_opening_with_the_same_Idempotency_Key_opens_one_case()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        async Task<HttpResponseMessage> OpenAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Casework.Cases) { Content = JsonContent.Create(Casework.Case(name: "Retried Opening")) };
            request.Headers.Add("Idempotency-Key", "gao-2026-10-0001");
            return await amss.SendAsync(request);
        }

        var first = await OpenAsync();
        var retried = await OpenAsync();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(first.Headers.Location, retried.Headers.Location);
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).Id();
        Assert.Equal(1, await _platform.GrievancesDb(db => db.Cases.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).CountAsync(c => c.Id == id)));
        Assert.Equal(1, await _platform.GrievancesDb(db => db.CaseStatusChanges.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).CountAsync(c => c.CaseId == id)));
    }

    [Fact]
    public async Task An_invalid_case_is_refused_naming_each_field_and_nothing_is_written()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        var before = await _platform.GrievancesDb(db => db.Cases.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).CountAsync());

        var response = await amss.PostAsJsonAsync(Casework.Cases, new
        {
            survivor = new { name = "INVALIDCASE Name", phone = "+223 76 00 00 00" },
            sex = "femme",
            ageAtRegistration = 30,
            riskLevel = "extreme",
            consent = new { services = true },
        });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            ["consent.referral", "consent.reporting", "riskLevel", "sex"],
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.DoesNotContain("INVALIDCASE", problem.ToString());
        Assert.Equal(before, await _platform.GrievancesDb(db => db.Cases.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).CountAsync()));
    }

    [Fact]
    public async Task An_invalid_incident_is_refused_naming_each_field_and_nothing_is_written_or_published()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        var id = (await amss.OpenCaseAsync()).Id();
        var events = await _platform.GrievancesDb(db => db.OutboxMessages.CountAsync());

        var response = await amss.PostAsJsonAsync($"{Casework.Cases}/{id}/incidents",
            new { type = "theft", date = "2099-01-01", communePcode = "Goundam", perpetratorCategory = "neighbour", narrative = "INVALIDINCIDENT" });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["communePcode", "date", "perpetratorCategory", "type"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.DoesNotContain("INVALIDINCIDENT", problem.ToString());
        Assert.Equal(0, await _platform.GrievancesDb(db => db.Incidents.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).CountAsync(i => i.CaseId == id)));
        Assert.Equal(events, await _platform.GrievancesDb(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task The_workflow_goes_step_by_step_records_who_and_when_refuses_a_skip_and_reopens()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        var id = (await amss.OpenCaseAsync()).Id();

        foreach (var step in new[] { "assessment", "case_plan", "services_implemented", "closed", "assessment" })
        {
            var moved = await amss.SendWithETagAsync(HttpMethod.Post, id, "/status", new { status = step });
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        var skip = await amss.SendWithETagAsync(HttpMethod.Post, id, "/status", new { status = "services_implemented" });
        var history = await amss.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{id}/history");

        Assert.Equal(HttpStatusCode.Conflict, skip.StatusCode);
        Assert.Equal(
            ["new", "assessment", "case_plan", "services_implemented", "closed", "assessment"],
            history.EnumerateArray().Select(h => h.GetProperty("to").GetString()));
        Assert.All(history.EnumerateArray(), h => Assert.False(string.IsNullOrEmpty(h.GetProperty("changedBy").GetString())));
        Assert.All(history.EnumerateArray(), h => Assert.True(h.GetProperty("changedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5)));
    }

    [Fact]
    public async Task A_change_without_If_Match_or_with_a_stale_one_is_refused()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        var opened = await amss.PostAsJsonAsync(Casework.Cases, Casework.Case());
        var id = (await opened.Content.ReadFromJsonAsync<JsonElement>()).Id();
        (await amss.SendWithETagAsync(HttpMethod.Post, id, "/status", new { status = "assessment" })).EnsureSuccessStatusCode();

        var without = await amss.PostAsJsonAsync($"{Casework.Cases}/{id}/status", new { status = "case_plan" });
        using var stale = new HttpRequestMessage(HttpMethod.Post, $"{Casework.Cases}/{id}/status") { Content = JsonContent.Create(new { status = "case_plan" }) };
        stale.Headers.IfMatch.Add(opened.Headers.ETag!);
        var staleAnswer = await amss.SendAsync(stale);

        Assert.Equal(HttpStatusCode.PreconditionRequired, without.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleAnswer.StatusCode);
        Assert.Equal("assessment", (await amss.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Incidents_redress_and_closing_publish_their_events_with_categories_only()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        var id = (await amss.OpenCaseAsync(Casework.Case(name: "EVENTNAME Dicko"))).Id();
        var incident = await amss.RecordIncidentAsync(id, Casework.Incident(type: "extortion", commune: "ML0703", narrative: "EVENTNARRATIVE"));
        (await amss.SendWithETagAsync(HttpMethod.Put, id, "/redress", new { status = "redress_obtained", kind = "compensation", date = "2026-11-20" })).EnsureSuccessStatusCode();
        (await amss.SendWithETagAsync(HttpMethod.Post, id, "/status", new { status = "closed" })).EnsureSuccessStatusCode();

        var events = await Eventually.ReturnsAsync(
            () => _platform.GrievancesDb(db => db.OutboxMessages.Where(m => m.Body.Contains(id.ToString())).ToListAsync()),
            list => list.Count == 3 && list.All(m => m.SentAt != null), TimeSpan.FromSeconds(30), "the case's three events to be published");

        var reported = JsonDocument.Parse(events.Single(e => e.MessageType.Contains("grievance-reported")).Body).RootElement;
        Assert.Equal(incident.Id(), reported.GetProperty("incidentId").GetGuid());
        Assert.Equal("extortion", reported.GetProperty("incidentType").GetString());
        Assert.Equal("ML0703", reported.GetProperty("communePcode").GetString());
        Assert.Equal("12-17", reported.GetProperty("ageBand").GetString());
        var redress = JsonDocument.Parse(events.Single(e => e.MessageType.Contains("grievance-redress-obtained")).Body).RootElement;
        Assert.Equal("compensation", redress.GetProperty("redressKind").GetString());
        Assert.Equal("2026-11-20", redress.GetProperty("redressDate").GetString());
        Assert.Contains(events, e => e.MessageType.Contains("grievance-closed"));
        Assert.All(events, e => Assert.DoesNotContain("EVENT", e.Body));
    }

    [Fact]
    public async Task The_export_shows_survivor_codes_never_names_and_neutralises_formulas()
    {
        using var partner = await _platform.CaseworkerAsync("export-partner");
        var opened = await partner.OpenCaseAsync(Casework.Case(name: "EXPORTNAME Sidibé", caseWorker: "=HYPERLINK(\"http://x\")"));

        var response = await partner.GetAsync($"{Casework.Cases}/export.csv");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(opened.GetProperty("survivorCode").GetString()!, csv);
        Assert.DoesNotContain("EXPORTNAME", csv);
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", csv);
        Assert.DoesNotContain(",=", csv);
    }

    [Fact]
    public async Task A_case_naming_another_consortiums_program_is_refused_with_a_422_naming_programId_and_nothing_is_written()
    {
        var othersProgram = await _platform.ProgramAsync("wildaf", "ades");
        using var amss = await _platform.CaseworkerAsync("amss");
        var before = await _platform.GrievancesDb(db => db.Cases.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).CountAsync());

        var response = await amss.PostAsJsonAsync(Casework.Cases, Casework.Case(programId: othersProgram));

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"expected 422: {(int)response.StatusCode} {problem}");
        Assert.True(problem.GetProperty("errors").TryGetProperty("programId", out _), $"the problem names programId: {problem}");
        Assert.Equal(before, await _platform.GrievancesDb(db => db.Cases.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).CountAsync()));
    }

    [Fact]
    public async Task A_case_naming_a_program_Grievances_has_not_heard_of_is_refused_with_a_422_naming_programId()
    {
        using var amss = await _platform.CaseworkerAsync("amss");

        var response = await amss.PostAsJsonAsync(Casework.Cases, Casework.Case(programId: Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("programId", out _));
    }

    [Fact]
    public async Task The_redress_of_a_members_case_is_published_with_the_cases_program()
    {
        var program = await _platform.ProgramAsync("wildaf", "amss");
        using var amss = await _platform.CaseworkerAsync("amss");
        var opened = await amss.OpenCaseAsync(Casework.Case(programId: program));
        var id = opened.Id();
        (await amss.SendWithETagAsync(HttpMethod.Put, id, "/redress", new { status = "redress_obtained", kind = "compensation", date = "2026-11-20" })).EnsureSuccessStatusCode();

        var redress = await Eventually.ReturnsAsync(
            () => _platform.GrievancesDb(db => db.OutboxMessages.Where(m => m.Body.Contains(id.ToString()) && m.MessageType.Contains("grievance-redress-obtained")).ToListAsync()),
            list => list.Count == 1, TimeSpan.FromSeconds(30), "the redress event to be written");

        Assert.Equal(program, opened.GetProperty("programId").GetGuid());
        Assert.Equal(program, JsonDocument.Parse(redress[0].Body).RootElement.GetProperty("programId").GetGuid());
    }
}
