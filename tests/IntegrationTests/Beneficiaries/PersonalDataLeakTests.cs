using System.Net.Http.Json;
using JusticePlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

/// <summary>Names and phones never leave the Beneficiaries database: not in events, not in any log line.</summary>
public sealed class PersonalDataLeakTests : IAsyncLifetime
{
    private const string GivenName = "Zeinabou";
    private const string FamilyName = "Ag-Attaher";
    private const string Phone = "66554433";

    private readonly LogCapture _beneficiariesLogs = new();
    private readonly LogCapture _activitiesLogs = new();
    private TestPlatform _platform = null!;

    public async Task InitializeAsync() =>
        _platform = await TestPlatform.StartAsync(nameof(PersonalDataLeakTests), new PlatformOptions
        {
            Gateway = true,
            BeneficiariesServices = _beneficiariesLogs.AddTo,
            ActivitiesServices = _activitiesLogs.AddTo,
        });

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task No_published_event_and_no_log_line_contains_a_registered_name_or_phone()
    {
        using var amss = await _platform.PartnerAsync("amss");
        using var wildaf = await _platform.PartnerAsync("wildaf");

        // Every path that writes: register, duplicate, update, merge, bulk upload (with a bad row), erasure.
        await _platform.AgreeToShareAsync("amss", "wildaf");
        var first = await amss.RegisterAsync(Samples.Person(GivenName, FamilyName, phone: Phone));
        var second = await wildaf.RegisterAsync(Samples.Person(GivenName, FamilyName, phone: Phone));
        var created = await amss.PostAsJsonAsync("/api/v1/beneficiaries", Samples.Person(GivenName + "2", FamilyName, phone: "+223 66554434"));
        using (var update = new HttpRequestMessage(HttpMethod.Put, created.Headers.Location) { Content = JsonContent.Create(Samples.Person(GivenName + "2", FamilyName, displacement: "host")) })
        {
            update.Headers.IfMatch.Add(created.Headers.ETag!);
            (await amss.SendAsync(update)).EnsureSuccessStatusCode();
        }

        (await wildaf.PostAsJsonAsync($"/api/v1/beneficiaries/{first.GetProperty("id")}/merge", new { mergedId = second.GetProperty("id").GetGuid() })).EnsureSuccessStatusCode();
        (await amss.PostAsJsonAsync($"/api/v1/beneficiaries/{first.GetProperty("id")}/merge", new { mergedId = second.GetProperty("id").GetGuid() })).EnsureSuccessStatusCode();
        var csv = Uploads.Header + "\n" +
            $"{GivenName}3,{FamilyName},female,1990-01-01,idp,ML060201,{Phone[..7]}5,woman,true,2026-10-01\n" +
            $"{GivenName}4,{FamilyName},femme,1990-01-01,idp,ML060201,{Phone[..7]}6,woman,true,2026-10-01\n";
        var upload = await amss.UploadAsync(csv, key: "leak-scan");
        await amss.CompletedAsync(upload.Headers.Location!, TimeSpan.FromSeconds(60));
        (await amss.PostAsync($"/api/v1/beneficiaries/{first.GetProperty("id")}/erasure", null)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(
            () => _platform.BeneficiariesDb(db => db.OutboxMessages.AllAsync(m => m.SentAt != null)),
            TimeSpan.FromSeconds(30), "every event to be published");
        await Eventually.TrueAsync(
            () => _platform.ActivitiesDb(db => db.KnownBeneficiaries.AnyAsync(k => k.ErasedAt != null)),
            TimeSpan.FromSeconds(30), "the last event to be consumed");

        var events = await _platform.BeneficiariesDb(db => db.OutboxMessages.Select(m => m.Body).ToListAsync());
        Assert.Equal(8, events.Count); // 1 agreement recorded + 3 registered + 1 updated + 1 merged + 1 imported + 1 erased
        Assert.NotEmpty(_beneficiariesLogs.Lines);
        Assert.NotEmpty(_activitiesLogs.Lines);
        string[] secrets = [GivenName, FamilyName, Phone, Phone[..7], "1994-03-12", "1990-01-01"];
        foreach (var text in events.Concat(_beneficiariesLogs.Lines.Select(l => l.Text)).Concat(_activitiesLogs.Lines.Select(l => l.Text)))
        {
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"personal data \"{secret}\" leaked in: {text}");
            }
        }
    }
}
