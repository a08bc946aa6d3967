using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

namespace JusticePlatform.IntegrationTests.Grievances;

/// <summary>A partner reads, through the gateway, who read the survivor data of its own cases: its case workers and its referrals' receivers.</summary>
public sealed class CaseReadAuditTests(GrievancesPlatform fixture) : IClassFixture<GrievancesPlatform>
{
    private const string CaseReads = "/api/v1/grievances/audit/case-reads";
    private readonly TestPlatform _platform = fixture.Platform;

    [Fact]
    public async Task The_owner_sees_its_own_and_its_receivers_reads_of_a_cases_survivor_data()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        using var wildaf = await _platform.CaseworkerAsync("wildaf");
        var caseId = (await amss.OpenCaseAsync()).Id();
        (await amss.GetAsync($"{Casework.Cases}/{caseId}/details")).EnsureSuccessStatusCode();
        var referralId = (await amss.ReferAsync(caseId, new { serviceType = "legal_aid", toPartnerId = "wildaf", shares = new[] { "identity" } })).Id();
        (await wildaf.PostAsync($"{Casework.Referrals}/{referralId}/accept", null)).EnsureSuccessStatusCode();
        // Another spelling of the same id must not hide the read from the owner.
        (await wildaf.GetAsync($"{Casework.Referrals}/{referralId.ToString("N").ToUpperInvariant()}/case")).EnsureSuccessStatusCode();

        var reads = (await amss.GetFromJsonAsync<JsonElement>($"{CaseReads}?caseId={caseId}")).GetProperty("items").EnumerateArray().ToList();

        Assert.Contains(reads, r => r.GetProperty("partnerId").GetString() == "amss" && r.GetProperty("caseId").GetGuid() == caseId
            && r.GetProperty("referralId").ValueKind == JsonValueKind.Null && r.GetProperty("outcome").GetString() == "succeeded");
        var byReceiver = Assert.Single(reads, r => r.GetProperty("partnerId").GetString() == "wildaf");
        Assert.Equal(caseId, byReceiver.GetProperty("caseId").GetGuid());
        Assert.Equal(referralId, byReceiver.GetProperty("referralId").GetGuid());
        Assert.False(string.IsNullOrEmpty(byReceiver.GetProperty("clientId").GetString()));
        Assert.Equal(JsonValueKind.String, byReceiver.GetProperty("at").ValueKind);
    }

    [Fact]
    public async Task Another_partner_sees_no_read_of_cases_that_are_not_its_own_not_even_as_their_receiver()
    {
        using var amss = await _platform.CaseworkerAsync("amss");
        using var wildaf = await _platform.CaseworkerAsync("wildaf");
        using var stopSahel = await _platform.CaseworkerAsync("stop-sahel");
        var caseId = (await amss.OpenCaseAsync()).Id();
        (await amss.GetAsync($"{Casework.Cases}/{caseId}/details")).EnsureSuccessStatusCode();
        var referralId = (await amss.ReferAsync(caseId, new { serviceType = "legal_aid", toPartnerId = "wildaf", shares = new[] { "identity" } })).Id();
        (await wildaf.PostAsync($"{Casework.Referrals}/{referralId}/accept", null)).EnsureSuccessStatusCode();
        (await wildaf.GetAsync($"{Casework.Referrals}/{referralId}/case")).EnsureSuccessStatusCode();
        (await stopSahel.GetAsync($"{Casework.Cases}/{caseId}/details")).Dispose();

        var forStopSahel = await stopSahel.GetAsync($"{CaseReads}?caseId={caseId}");
        var allForStopSahel = await stopSahel.GetFromJsonAsync<JsonElement>($"{CaseReads}?pageSize=100");
        var forReceiver = await wildaf.GetFromJsonAsync<JsonElement>($"{CaseReads}?caseId={caseId}");
        var forOwner = await amss.GetFromJsonAsync<JsonElement>($"{CaseReads}?caseId={caseId}");

        Assert.Equal(HttpStatusCode.OK, forStopSahel.StatusCode);
        Assert.Empty((await forStopSahel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());
        Assert.DoesNotContain(caseId.ToString(), allForStopSahel.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(forReceiver.GetProperty("items").EnumerateArray());
        // The owner sees the other partner's refused attempt too.
        Assert.Contains(forOwner.GetProperty("items").EnumerateArray(),
            r => r.GetProperty("partnerId").GetString() == "stop-sahel" && r.GetProperty("outcome").GetString() == "not_found");
    }

    [Fact]
    public async Task The_case_read_audit_needs_the_casework_scope()
    {
        using var reader = await _platform.CaseworkerAsync("amss", Scopes.GrievancesRead);

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync(CaseReads)).StatusCode);
    }
}
