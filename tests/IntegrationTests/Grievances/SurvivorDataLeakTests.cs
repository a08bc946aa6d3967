using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Grievances;

/// <summary>
/// Canary survivor data (a marked name, phone, address, narrative and override note) goes through
/// every path of the service, and appears in no event, no log line at any level, no trace, no
/// problem answer and no statistic.
/// </summary>
public sealed class SurvivorDataLeakTests : IAsyncLifetime
{
    private const string Name = "Zalika KANARI-NAME";
    private const string Phone = "KANARI-PHONE-6655";
    private const string Address = "KANARI-ADDRESS Sareikeina";
    private const string Narrative = "KANARI-NARRATIVE enlevée au marché";
    private const string Note = "KANARI-NOTE menace de mort";
    // Each secret is long enough that no generated id, port or trace id can contain it by chance.
    private static readonly string[] Secrets = ["KANARI", "Zalika", "Sareikeina", "PHONE-6655", "enlevée"];

    private readonly LogCapture _logs = new();
    private readonly ConcurrentQueue<string> _traces = new();
    private ActivityListener _listener = null!;
    private TestPlatform _platform = null!;

    public async Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _traces.Enqueue(
                $"{activity.Source.Name} {activity.DisplayName} {string.Join(' ', activity.TagObjects.Select(t => $"{t.Key}={t.Value}"))} " +
                string.Join(' ', activity.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")))),
        };
        ActivitySource.AddActivityListener(_listener);
        _platform = await TestPlatform.StartAsync(nameof(SurvivorDataLeakTests), new PlatformOptions
        {
            Activities = false,
            Grievances = true,
            Gateway = true,
            GrievancesServices = _logs.AddTo,
        });
        await _platform.RegisterPartnersAsync("wildaf", "ades");
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _platform.DisposeAsync();
    }

    [Fact]
    public async Task Canary_survivor_data_is_in_no_event_log_line_trace_problem_or_statistic()
    {
        using var amss = await _platform.CaseworkerAsync("amss", Scopes.GrievancesRead, Scopes.GrievancesCasework, Scopes.GrievancesConsentOverride, Scopes.ProgramOfficer);
        using var wildaf = await _platform.CaseworkerAsync("wildaf");
        var answers = new List<string>();

        // Every path that writes or reads survivor data.
        var id = (await amss.OpenCaseAsync(Casework.Case(name: Name, phone: Phone, address: Address, referral: false))).Id();
        await amss.RecordIncidentAsync(id, Casework.Incident(narrative: Narrative));
        await amss.GetStringAsync($"{Casework.Cases}/{id}/details");
        var referralId = (await amss.ReferAsync(id, new
        {
            serviceType = "safe_house", toPartnerId = "wildaf", shares = new[] { "identity", "contact", "narratives" },
            consentOverride = new { reason = "imminent_risk_to_life", note = Note },
        })).Id();
        (await wildaf.PostAsync($"{Casework.Referrals}/{referralId}/accept", null)).EnsureSuccessStatusCode();
        await wildaf.GetStringAsync($"{Casework.Referrals}/{referralId}/case");
        (await amss.SendWithETagAsync(HttpMethod.Put, id, "/redress", new { status = "redress_obtained", kind = "rehabilitation", date = "2026-11-01" })).EnsureSuccessStatusCode();
        (await amss.PostAsync($"{Casework.Referrals}/{referralId}/revoke", null)).EnsureSuccessStatusCode();
        (await amss.SendWithETagAsync(HttpMethod.Post, id, "/status", new { status = "closed" })).EnsureSuccessStatusCode();

        // Refusals that carry the canaries in their requests: none may echo them.
        answers.Add(await (await amss.PostAsJsonAsync(Casework.Cases, new { survivor = new { name = Name, phone = Phone + new string('9', 30) }, sex = Name, riskLevel = Phone })).Content.ReadAsStringAsync());
        answers.Add(await (await amss.PostAsJsonAsync($"{Casework.Cases}/{id}/incidents", new { type = Narrative, communePcode = Address, narrative = Narrative })).Content.ReadAsStringAsync());
        answers.Add(await (await amss.PostAsJsonAsync($"{Casework.Cases}/{id}/referrals", new { serviceType = "legal_aid", toPartnerId = Name, consentOverride = new { reason = Note } })).Content.ReadAsStringAsync());
        answers.Add(await (await amss.PostAsJsonAsync($"{Casework.Cases}/{id}/referrals", new { serviceType = "legal_aid", toPartnerId = "ades" })).Content.ReadAsStringAsync());
        answers.Add(await (await wildaf.GetAsync($"{Casework.Referrals}/{referralId}/case")).Content.ReadAsStringAsync());
        answers.Add(await (await wildaf.GetAsync($"{Casework.Cases}/{id}/details")).Content.ReadAsStringAsync());
        answers.Add(await (await amss.PostAsync($"{Casework.Cases}/{id}/status", JsonContent.Create(new { status = Name }))).Content.ReadAsStringAsync());
        // Statistics and lists.
        answers.Add(await amss.GetStringAsync("/api/v1/grievances/statistics?month=2026-10"));
        answers.Add(await amss.GetStringAsync("/api/v1/grievances/statistics?month=2026-10&allPartners=true"));
        answers.Add(await amss.GetStringAsync($"{Casework.Cases}?pageSize=500"));
        answers.Add(await amss.GetStringAsync($"{Casework.Cases}/export.csv"));
        answers.Add(await wildaf.GetStringAsync($"{Casework.Referrals}?pageSize=500"));

        var events = await Eventually.ReturnsAsync(
            () => _platform.GrievancesDb(db => db.OutboxMessages.ToListAsync()),
            list => list.Count == 4 && list.All(m => m.SentAt != null), TimeSpan.FromSeconds(30), "the four events to be published");

        Assert.NotEmpty(_logs.Lines);
        Assert.Contains(_logs.Lines, l => l.Text.Contains("without the survivor's consent", StringComparison.Ordinal));
        Assert.NotEmpty(_traces);
        Assert.Equal(12, answers.Count);
        var scanned = events.Select(e => "event " + e.Body)
            .Concat(_logs.Lines.Select(l => "log " + l.Text))
            .Concat(_traces.Select(t => "trace " + t))
            .Concat(answers.Select(a => "answer " + a));
        foreach (var text in scanned)
        {
            foreach (var secret in Secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"survivor data \"{secret}\" leaked in: {text}");
            }
        }
    }
}
