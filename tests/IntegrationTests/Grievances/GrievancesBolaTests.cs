using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Xunit.Abstractions;

namespace JusticePlatform.IntegrationTests.Grievances;

/// <summary>
/// Broken object-level authorisation, tried from the attacker's side through the gateway: every
/// id-bearing route, by the owner's referral receiver (before accepting, after accepting, after
/// revocation) and by a stranger, each with the read scope and with the casework scope. Only
/// the receiver's own view of the referral (and, while accepted, of what it shares) may answer.
/// </summary>
public sealed class GrievancesBolaTests(GrievancesPlatform fixture, ITestOutputHelper output) : IClassFixture<GrievancesPlatform>
{
    private const string Name = "CANARYNAME Traoré";
    private const string Phone = "CANARYPHONE-7700";
    private const string Narrative = "CANARYNARRATIVE au marché";

    private readonly TestPlatform _platform = fixture.Platform;

    private sealed record Probe(string Method, string Path, object? Body = null);

    [Fact]
    public async Task No_route_leaks_a_case_or_a_referral_to_a_receiver_outside_its_referral_or_to_a_stranger()
    {
        using var owner = await _platform.CaseworkerAsync("amss");
        var caseJson = await owner.OpenCaseAsync(Casework.Case(name: Name, phone: Phone));
        var caseId = caseJson.Id();
        var survivorCode = caseJson.GetProperty("survivorCode").GetString()!;
        await owner.RecordIncidentAsync(caseId, Casework.Incident(narrative: Narrative));
        var referralId = (await owner.ReferAsync(caseId, new { serviceType = "legal_aid", toPartnerId = "wildaf", shares = new[] { "identity", "contact", "narratives" } })).Id();
        var before = await SnapshotAsync(owner, caseId, referralId);

        var actors = new Dictionary<string, HttpClient>
        {
            ["receiver/read"] = await _platform.CaseworkerAsync("wildaf", Scopes.GrievancesRead),
            ["receiver/casework"] = await _platform.CaseworkerAsync("wildaf", Scopes.GrievancesRead, Scopes.GrievancesCasework),
            ["stranger/read"] = await _platform.CaseworkerAsync("stop-sahel", Scopes.GrievancesRead),
            ["stranger/casework"] = await _platform.CaseworkerAsync("stop-sahel", Scopes.GrievancesRead, Scopes.GrievancesCasework, Scopes.GrievancesConsentOverride),
        };
        Probe[] probes =
        [
            new("GET", $"{Casework.Cases}/{caseId}"),
            new("GET", $"{Casework.Cases}/{caseId}/details"),
            new("GET", $"{Casework.Cases}/{caseId}/history"),
            new("GET", $"{Casework.Cases}/{caseId}/incidents"),
            new("GET", $"{Casework.Cases}/{caseId}/referrals"),
            new("POST", $"{Casework.Cases}/{caseId}/status", new { status = "assessment" }),
            new("PUT", $"{Casework.Cases}/{caseId}/redress", new { status = "complaint_filed" }),
            new("PUT", $"{Casework.Cases}/{caseId}/consent", new { services = true, referral = true, reporting = true }),
            new("POST", $"{Casework.Cases}/{caseId}/incidents", Casework.Incident(narrative: "attacker")),
            new("POST", $"{Casework.Cases}/{caseId}/referrals", new { serviceType = "medical", toPartnerId = "ades", consentOverride = new { reason = "legal_obligation" } }),
            new("GET", $"{Casework.Referrals}/{referralId}"),
            new("GET", $"{Casework.Referrals}/{referralId}/case"),
            new("POST", $"{Casework.Referrals}/{referralId}/revoke"),
            // The receiver's own answers are its right; a stranger's are attacks.
            new("POST", $"{Casework.Referrals}/{referralId}/accept"),
            new("POST", $"{Casework.Referrals}/{referralId}/reject"),
            new("POST", $"{Casework.Referrals}/{referralId}/complete"),
            new("GET", $"{Casework.Cases}?pageSize=500"),
            new("GET", $"{Casework.Cases}/export.csv"),
            new("GET", $"{Casework.Referrals}?pageSize=500"),
        ];

        var leaks = new List<string>();
        var requests = 0;
        foreach (var phase in new[] { "in_progress", "accepted", "revoked" })
        {
            if (phase == "accepted")
            {
                (await actors["receiver/casework"].PostAsync($"{Casework.Referrals}/{referralId}/accept", null)).EnsureSuccessStatusCode();
            }

            if (phase == "revoked")
            {
                (await owner.PostAsync($"{Casework.Referrals}/{referralId}/revoke", null)).EnsureSuccessStatusCode();
            }

            foreach (var (actor, client) in actors)
            {
                var receiver = actor.StartsWith("receiver", StringComparison.Ordinal);
                foreach (var probe in probes)
                {
                    if (receiver && probe.Path.EndsWith("/accept", StringComparison.Ordinal) || receiver && probe.Path.EndsWith("/reject", StringComparison.Ordinal)
                        || receiver && probe.Path.EndsWith("/complete", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    using var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Path);
                    if (probe.Body is not null) request.Content = JsonContent.Create(probe.Body);
                    request.Headers.IfMatch.ParseAdd($"\"{before.Version}\"");
                    var response = await client.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    requests++;

                    var isList = probe.Path.Contains('?') || probe.Path.EndsWith(".csv", StringComparison.Ordinal);
                    var mayAnswer = isList
                        || (receiver && probe.Method == "GET" && probe.Path == $"{Casework.Referrals}/{referralId}")
                        || (actor == "receiver/casework" && phase == "accepted" && probe.Path.EndsWith("/case", StringComparison.Ordinal));
                    var where = $"{phase} {actor} {probe.Method} {probe.Path}";
                    if (!mayAnswer && response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Forbidden))
                    {
                        leaks.Add($"{where} answered {(int)response.StatusCode}");
                    }

                    var mayShowSurvivorData = mayAnswer && probe.Path.EndsWith("/case", StringComparison.Ordinal);
                    string[] secrets = mayShowSurvivorData ? [] : [Name, Phone, Narrative, survivorCode, caseId.ToString()];
                    if (isList && receiver)
                    {
                        // The receiver's referral list shows its referral, never the case id or survivor data.
                        secrets = [Name, Phone, Narrative, survivorCode, caseId.ToString()];
                    }

                    // A problem answer names the requested path (its "instance"): the attacker's own input, not a finding.
                    foreach (var secret in secrets.Where(s => !probe.Path.Contains(s, StringComparison.Ordinal) && body.Contains(s, StringComparison.OrdinalIgnoreCase)))
                    {
                        leaks.Add($"{where} showed {secret}");
                    }
                }
            }
        }

        output.WriteLine($"{requests} attacker requests, {leaks.Count} leaks");
        foreach (var leak in leaks) output.WriteLine(leak);
        Assert.True(requests > 150, $"only {requests} requests were tried");
        Assert.Empty(leaks);
        var after = await SnapshotAsync(owner, caseId, referralId);
        Assert.Equal(before with { ReferralStatus = "revoked" }, after);
    }

    private sealed record Snapshot(int Version, string Status, string Redress, int Incidents, int History, int Referrals, string ReferralStatus);

    private static async Task<Snapshot> SnapshotAsync(HttpClient owner, Guid caseId, Guid referralId)
    {
        var read = await owner.GetAsync($"{Casework.Cases}/{caseId}");
        var json = await read.Content.ReadFromJsonAsync<JsonElement>();
        var incidents = await owner.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{caseId}/incidents");
        var history = await owner.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{caseId}/history");
        var referrals = await owner.GetFromJsonAsync<JsonElement>($"{Casework.Cases}/{caseId}/referrals");
        var referral = await owner.GetFromJsonAsync<JsonElement>($"{Casework.Referrals}/{referralId}");
        return new Snapshot(int.Parse(read.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture),
            json.GetProperty("status").GetString()!, json.GetProperty("redressStatus").GetString()!,
            incidents.GetArrayLength(), history.GetArrayLength(), referrals.GetArrayLength(), referral.GetProperty("status").GetString()!);
    }
}
