using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Grievances;

/// <summary>Referrals between partners through the gateway: consent, the override, what the receiver reads and when.</summary>
public sealed class ReferralTests(GrievancesPlatform fixture) : IClassFixture<GrievancesPlatform>
{
    private readonly TestPlatform _platform = fixture.Platform;

    [Fact]
    public async Task A_referral_without_the_survivors_consent_is_refused_and_nothing_is_written()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        var id = (await amss.OpenCaseAsync(Casework.Case(referral: false))).Id();
        var events = await _platform.GrievancesDb(db => db.OutboxMessages.CountAsync());

        var refused = await amss.PostAsJsonAsync($"{Casework.Cases}/{id}/referrals", new { serviceType = "legal_aid", toPartnerId = "wildaf" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(0, await _platform.GrievancesDb(db => db.Referrals.CountAsync(r => r.CaseId == id)));
        Assert.Equal(events, await _platform.GrievancesDb(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task Consent_recorded_later_lets_the_case_be_referred_and_says_who_recorded_it_and_when()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        var id = (await amss.OpenCaseAsync(Casework.Case(referral: false))).Id();

        var invalid = await amss.SendWithETagAsync(HttpMethod.Put, id, "/consent", new { services = true });
        var recorded = await amss.SendWithETagAsync(HttpMethod.Put, id, "/consent", new { services = true, referral = true, reporting = false });
        var referral = await amss.PostAsJsonAsync($"{Casework.Cases}/{id}/referrals", new { serviceType = "legal_aid", toPartnerId = "wildaf" });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("referral", await invalid.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.Equal(HttpStatusCode.Created, referral.StatusCode);
        var details = await amss.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{id}/details");
        Assert.False(string.IsNullOrEmpty(details.GetProperty("consentRecordedBy").GetString()));
        Assert.False(details.GetProperty("case").GetProperty("consentForReporting").GetBoolean());
    }

    [Fact]
    public async Task An_override_needs_its_own_scope_and_is_recorded_with_its_reason()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        using var supervisor = await _platform.CaseworkerAsync("amss", Scopes.GrievancesCasework, Scopes.GrievancesConsentOverride);
        var id = (await amss.OpenCaseAsync(Casework.Case(referral: false))).Id();
        var body = new { serviceType = "safe_house", toPartnerId = "wildaf", consentOverride = new { reason = "imminent_risk_to_life", note = "OVERRIDENOTE menace" } };

        var withoutScope = await amss.PostAsJsonAsync($"{Casework.Cases}/{id}/referrals", body);
        var badReason = await supervisor.PostAsJsonAsync($"{Casework.Cases}/{id}/referrals", new { serviceType = "safe_house", toPartnerId = "wildaf", consentOverride = new { reason = "because" } });
        var referral = await supervisor.ReferAsync(id, body);

        Assert.Equal(HttpStatusCode.Forbidden, withoutScope.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badReason.StatusCode);
        Assert.True(referral.GetProperty("consentOverridden").GetBoolean());
        Assert.Equal("imminent_risk_to_life", referral.GetProperty("overrideReason").GetString());
        var stored = await _platform.GrievancesDb(db => db.Referrals.SingleAsync(r => r.CaseId == id));
        Assert.True(stored.ConsentOverridden);
        Assert.Equal("imminent_risk_to_life", stored.OverrideReason);
        Assert.False(string.IsNullOrEmpty(stored.ReferredBy));
        Assert.StartsWith("v1.", stored.OverrideNoteCipher);
        Assert.DoesNotContain("OVERRIDENOTE", await _platform.RawTablesAsync("referrals"));
    }

    [Fact]
    public async Task The_receiver_reads_only_what_the_referral_shares_and_only_after_accepting()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        using var wildaf = await _platform.CaseworkerAsync("wildaf");
        var id = (await amss.OpenCaseAsync(Casework.Case(name: "Fanta SHARED", phone: "NOTSHARED-79", address: "NOTSHARED street"))).Id();
        await amss.RecordIncidentAsync(id, Casework.Incident(narrative: "NOTSHARED narrative"));
        var referral = await amss.ReferAsync(id, new { serviceType = "legal_aid", toPartnerId = "wildaf", shares = new[] { "identity" } });
        var referralId = referral.Id();

        var incoming = await wildaf.GetFromJsonAsync<JsonElement>($"{Casework.Referrals}?direction=incoming");
        var beforeAccepting = await wildaf.GetAsync($"{Casework.Referrals}/{referralId}/case");
        (await wildaf.PostAsync($"{Casework.Referrals}/{referralId}/accept", null)).EnsureSuccessStatusCode();
        var shared = await wildaf.GetFromJsonAsync<JsonElement>($"{Casework.Referrals}/{referralId}/case");
        var caseThroughCaseRoute = await wildaf.GetAsync($"{Casework.Cases}/{id}");

        Assert.Equal(referralId, incoming.GetProperty("items")[0].Id());
        Assert.Equal(JsonValueKind.Null, incoming.GetProperty("items")[0].GetProperty("caseId").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, beforeAccepting.StatusCode);
        Assert.Equal("Fanta SHARED", shared.GetProperty("survivor").GetProperty("name").GetString());
        Assert.DoesNotContain("NOTSHARED", shared.ToString());
        Assert.Equal("forced_marriage", shared.GetProperty("incidents")[0].GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NotFound, caseThroughCaseRoute.StatusCode);
        Assert.Equal(1, await _platform.GrievancesDb(db => db.AuditEntries.CountAsync(a => a.Resource == "grievance-referral-case" && a.ResourceId == referralId.ToString() && a.PartnerId == "wildaf" && a.Outcome == "succeeded")));
    }

    [Fact]
    public async Task Revoking_ends_the_receivers_access_and_the_receiver_cannot_revoke()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        using var wildaf = await _platform.CaseworkerAsync("wildaf");
        var id = (await amss.OpenCaseAsync()).Id();
        var referralId = (await amss.ReferAsync(id, new { serviceType = "psychosocial", toPartnerId = "wildaf", shares = new[] { "identity", "contact", "narratives" } })).Id();
        (await wildaf.PostAsync($"{Casework.Referrals}/{referralId}/accept", null)).EnsureSuccessStatusCode();
        (await wildaf.GetAsync($"{Casework.Referrals}/{referralId}/case")).EnsureSuccessStatusCode();

        var byReceiver = await wildaf.PostAsync($"{Casework.Referrals}/{referralId}/revoke", null);
        var bySender = await amss.PostAsync($"{Casework.Referrals}/{referralId}/revoke", null);
        var afterwards = await wildaf.GetAsync($"{Casework.Referrals}/{referralId}/case");
        var complete = await wildaf.PostAsync($"{Casework.Referrals}/{referralId}/complete", null);

        Assert.Equal(HttpStatusCode.NotFound, byReceiver.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bySender.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterwards.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, complete.StatusCode);
        Assert.Equal("revoked", (await amss.GetFromJsonAsync<JsonElement>($"{Casework.Referrals}/{referralId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_referral_to_an_outside_body_is_answered_by_its_sender_and_published_as_external()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        var id = (await amss.OpenCaseAsync()).Id();
        var referralId = (await amss.ReferAsync(id, new { serviceType = "justice_services", externalBody = new { kind = "truth_commission", name = "CVJR antenne de Tombouctou" } })).Id();

        (await amss.PostAsync($"{Casework.Referrals}/{referralId}/accept", null)).EnsureSuccessStatusCode();
        var done = await Casework.SucceededAsync(await amss.PostAsync($"{Casework.Referrals}/{referralId}/complete", null), "completing");

        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("implementedAt").ValueKind);
        var published = await _platform.GrievancesDb(db => db.OutboxMessages.SingleAsync(m => m.Body.Contains(referralId.ToString())));
        var body = JsonDocument.Parse(published.Body).RootElement;
        Assert.False(body.GetProperty("internal").GetBoolean());
        Assert.Equal("justice_services", body.GetProperty("serviceType").GetString());
    }

    [Fact]
    public async Task The_receiver_sees_neither_the_case_id_nor_the_survivor_code_nor_an_incident_id_of_a_referred_case()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        using var wildaf = await _platform.CaseworkerAsync("wildaf");
        var opened = await amss.OpenCaseAsync();
        var incidentId = (await amss.RecordIncidentAsync(opened.Id())).Id();
        var referralId = (await amss.ReferAsync(opened.Id(), new { serviceType = "legal_aid", toPartnerId = "wildaf", shares = new[] { "identity", "contact", "narratives" } })).Id();
        (await wildaf.PostAsync($"{Casework.Referrals}/{referralId}/accept", null)).EnsureSuccessStatusCode();

        var seen = string.Join('\n', await Task.WhenAll(
            wildaf.GetStringAsync($"{Casework.Referrals}/{referralId}/case"),
            wildaf.GetStringAsync($"{Casework.Referrals}/{referralId}"),
            wildaf.GetStringAsync($"{Casework.Referrals}?direction=incoming&pageSize=100")));

        Assert.Contains(referralId.ToString(), seen);
        Assert.DoesNotContain(opened.Id().ToString(), seen, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(opened.GetProperty("survivorCode").GetString()!, seen);
        Assert.DoesNotContain(incidentId.ToString(), seen, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_receiver_records_the_redress_it_obtained_on_an_accepted_referral_and_the_owner_sees_it_and_its_event()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        using var wildaf = await _platform.CaseworkerAsync("wildaf");
        using var stopSahel = await _platform.CaseworkerAsync("stop-sahel");
        using var wildafReader = await _platform.CaseworkerAsync("wildaf", Scopes.GrievancesRead);
        var caseId = (await amss.OpenCaseAsync()).Id();
        var referralId = (await amss.ReferAsync(caseId, new { serviceType = "justice_services", toPartnerId = "wildaf" })).Id();
        var redress = new { status = "redress_obtained", kind = "compensation", date = "2026-11-20" };

        var beforeAccepting = await wildaf.PostAsJsonAsync($"{Casework.Referrals}/{referralId}/redress", redress);
        (await wildaf.PostAsync($"{Casework.Referrals}/{referralId}/accept", null)).EnsureSuccessStatusCode();
        var byOtherPartner = await stopSahel.PostAsJsonAsync($"{Casework.Referrals}/{referralId}/redress", redress);
        var bySender = await amss.PostAsJsonAsync($"{Casework.Referrals}/{referralId}/redress", redress);
        var withoutCasework = await wildafReader.PostAsJsonAsync($"{Casework.Referrals}/{referralId}/redress", redress);
        var notObtained = await wildaf.PostAsJsonAsync($"{Casework.Referrals}/{referralId}/redress", new { status = "none" });
        var recorded = await Casework.SucceededAsync(await wildaf.PostAsJsonAsync($"{Casework.Referrals}/{referralId}/redress", redress), "recording redress");
        var ownersCase = await amss.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{caseId}");
        var ownersReferral = await amss.GetFromJsonAsync<JsonElement>($"{Casework.Referrals}/{referralId}");

        Assert.Equal(HttpStatusCode.Conflict, beforeAccepting.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byOtherPartner.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bySender.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withoutCasework.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notObtained.StatusCode);
        Assert.Equal(JsonValueKind.Null, recorded.GetProperty("caseId").ValueKind);
        Assert.Equal("redress_obtained", ownersCase.GetProperty("redressStatus").GetString());
        Assert.Equal("compensation", ownersCase.GetProperty("redressKind").GetString());
        Assert.Equal("2026-11-20", ownersCase.GetProperty("redressDate").GetString());
        Assert.Equal(JsonValueKind.String, ownersReferral.GetProperty("redressRecordedAt").ValueKind);
        var events = await _platform.GrievancesDb(db => db.OutboxMessages.Where(m => m.MessageType.Contains("redress")).Select(m => m.Body).ToListAsync());
        Assert.Single(events, body => body.Contains(caseId.ToString(), StringComparison.OrdinalIgnoreCase) && body.Contains("\"amss\"", StringComparison.Ordinal));
    }
}
